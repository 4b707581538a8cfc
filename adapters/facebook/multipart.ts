import { randomBytes } from 'node:crypto';

export interface MultipartFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/**
 * Encodes `multipart/form-data` by hand. `FormData` turns every line feed of a text field into
 * CR LF (as the HTML form encoding requires), which would change the caption that is posted.
 */
export function encodeMultipart(fields: Array<[string, string | MultipartFile]>): {
  body: Uint8Array;
  contentType: string;
} {
  const boundary = `----crieur${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if (typeof value === 'string') {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${quote(name)}"\r\n\r\n`));
      chunks.push(Buffer.from(value, 'utf8'));
    } else {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${quote(name)}"; filename="${quote(value.filename)}"\r\n` +
            `Content-Type: ${value.contentType}\r\n\r\n`,
        ),
      );
      chunks.push(Buffer.from(value.bytes.buffer, value.bytes.byteOffset, value.bytes.byteLength));
    }
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function quote(value: string): string {
  return value.replace(/[\r\n"]/g, (char) => encodeURIComponent(char));
}
