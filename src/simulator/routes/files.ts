import { Router } from 'express';
import { renderDocumentFile } from '../documents/render';
import type { SimulatorState } from '../state';

// What S3 answers for a lapsed or tampered pre-signed URL: 403 with an XML error.
function accessDenied(message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`;
}

/** The simulator's stand-in for the S3 bucket behind document view URLs: a specimen of each document. */
export function createFilesRouter(state: SimulatorState): Router {
  const router = Router();
  router.get('/files/:key', (req, res) => {
    const grant = state.files.open(req.params.key);
    if (grant === undefined || grant === 'expired') {
      const message = grant === 'expired' ? 'Request has expired' : 'Access Denied';
      return void res.status(403).type('application/xml').send(accessDenied(message));
    }
    const file = renderDocumentFile(grant);
    res.status(200).set({
      'content-type': file.contentType,
      'content-disposition': `inline; filename="${grant.document.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    // An SVG opened on its own is a document of this origin: it may not load or run anything.
    if (file.contentType === 'image/svg+xml') res.set('content-security-policy', "default-src 'none'");
    res.end(file.body);
  });
  return router;
}
