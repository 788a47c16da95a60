import { PLACEHOLDER_JPEG_BASE64 } from '../placeholder-files';
import type { DocumentFile } from './holder';
import { idDocumentSvg } from './id-image';
import { documentPdf } from './pdf';

const JPEG = Buffer.from(PLACEHOLDER_JPEG_BASE64, 'base64');

/** The file behind a document's view URL, in the format its fileType names. */
export function renderDocumentFile({ document, holder }: DocumentFile): {
  contentType: string;
  body: Buffer;
} {
  if (document.fileType === 'application/pdf')
    return { contentType: 'application/pdf', body: documentPdf(document, holder) };
  if (document.fileType === 'image/svg+xml')
    return { contentType: 'image/svg+xml', body: Buffer.from(idDocumentSvg(document, holder), 'utf8') };
  // Nothing here encodes JPEG: any other type gets the fixed placeholder, labelled as what it is.
  return { contentType: 'image/jpeg', body: JPEG };
}
