import { context, type Context } from '@opentelemetry/api';

type Command = { [ISSUED_IN]?: Context };
type SendCommand = (this: unknown, command: Command, ...rest: unknown[]) => unknown;
interface WithSendCommand {
  prototype: { sendCommand: SendCommand };
}

/** On the command object itself: a WeakMap entry per command would cost the collector more. */
const ISSUED_IN = Symbol('bff.issuedIn');

/**
 * ioredis with auto-pipelining queues each command and writes the queue from a `setImmediate`
 * scheduled by the first command of the batch, so the instrumentation (which starts a command's
 * span where it is written) would make every command of the batch a child of that first request.
 * Each command remembers the context it was issued in, and is written in it: under load, every
 * request's Redis spans stay in that request's trace.
 */
export function keepCommandContexts(ioredis: { Redis: WithSendCommand; Pipeline: WithSendCommand }): void {
  const queue = ioredis.Pipeline.prototype.sendCommand;
  ioredis.Pipeline.prototype.sendCommand = function (command, ...rest) {
    command[ISSUED_IN] = context.active();
    return queue.call(this, command, ...rest);
  };
  const write = ioredis.Redis.prototype.sendCommand;
  ioredis.Redis.prototype.sendCommand = function (command, ...rest) {
    const issued = command?.[ISSUED_IN];
    return issued === undefined || issued === context.active()
      ? write.call(this, command, ...rest)
      : context.with(issued, () => write.call(this, command, ...rest));
  };
}
