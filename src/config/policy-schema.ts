import { z } from 'zod';

/** POLICY_FILE's shape, as zod checks it; src/config/policy-file.ts builds the PolicySet from it. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** Paths the BFF serves itself: an `apis` prefix may not shadow them. */
export const OWN_PATHS = [
  '/api',
  '/login',
  '/callback',
  '/logout',
  '/healthz',
  '/readyz',
  '/metrics',
  '/.well-known',
];
export const MB = 1024 * 1024;
export const POLICY_NAME = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'names are letters, digits, - and _');

const code = (pattern: RegExp, what: string) => z.string().regex(pattern, what);
const listOf = (item: z.ZodType<string>) => {
  const items = z.array(item).min(1, 'must list at least one value');
  return z.union([items, z.strictObject({ allow: items }), z.strictObject({ deny: items })], {
    message: 'must be a list, { allow: [...] } or { deny: [...] }',
  });
};
export const requirementsSchema = z.strictObject({
  verified: z.boolean().optional(),
  verificationStatuses: listOf(
    code(/^[a-z][a-z-]{0,31}$/, 'must be a Securitize status such as verified'),
  ).optional(),
  investorTypes: listOf(
    code(/^[a-z][a-z-]{0,31}$/, 'must be a type such as individual or entity'),
  ).optional(),
  countries: listOf(
    code(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals, such as US'),
  ).optional(),
  usStates: listOf(code(/^[A-Z]{2}$/, 'must be a two-letter state code in capitals, such as TX')).optional(),
  accredited: z.boolean().optional(),
});
const policyRef = z.union([z.string().min(1), requirementsSchema, z.null()], {
  message:
    'must be the name of a policy under policies, requirements in place ({ verified: true, … }) or null',
});
const methods = z
  .array(
    z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(METHODS)),
  )
  .min(1)
  .optional();
const audience = z.string().min(1).max(256).optional();
export const ruleSchema = z.strictObject({
  path: z.string(),
  methods,
  policy: policyRef,
  audience,
  allowCrossSite: z.boolean().optional(),
});
export const defaultSchema = z.union(
  [
    z.literal('deny'),
    z.literal('session'),
    z.strictObject({ policy: z.union([z.string().min(1), requirementsSchema]) }),
  ],
  { message: 'must be deny, session or { policy: <name> }' },
);
export const apiSchema = z.strictObject({
  prefix: z.string(),
  upstream: z.string(),
  methods,
  policy: policyRef,
  audience,
  maxBodyBytes: z
    .number()
    .int()
    .min(0)
    .max(1024 * MB)
    .optional(),
  timeoutSeconds: z.number().int().min(1).max(600).optional(),
  /** How long an idle connection to the upstream is kept for the next request (0: none kept). */
  keepAliveMs: z.number().int().min(0).max(600_000).optional(),
});
export const fileSchema = z.strictObject({
  policies: z.record(POLICY_NAME, requirementsSchema).optional(),
  rules: z.array(ruleSchema).optional(),
  apis: z.array(apiSchema).optional(),
  /** What a path no rule matches gets; absent means deny. */
  default: defaultSchema.optional(),
});
export type File = z.infer<typeof fileSchema>;
export type Ref = z.infer<typeof policyRef>;
export type RawRequirements = z.infer<typeof requirementsSchema>;
