/** One part of a `multipart/form-data` body, bytes untouched. */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * A binary-safe multipart/form-data parser. (WHATWG `Request.formData()` turns parts without a
 * filename into UTF-8 strings, which would corrupt the media bytes the SDK sends that way.)
 * Returns a reason string when the body is malformed.
 */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartPart[] | string {
  const boundaryMatch = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!boundaryMatch) return 'content-type is not multipart/form-data with a boundary';
  const boundary = boundaryMatch[1] ?? boundaryMatch[2]!;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position !== 0) return 'body does not start with the boundary';
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') return parts;
    if (body.subarray(position, position + 2).toString() !== '\r\n') return 'boundary not followed by CRLF';
    position += 2;
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd < 0) return 'part headers not terminated';
    const headers = body.subarray(position, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) return 'part not terminated by the boundary';
    const part = partFromHeaders(headers, body.subarray(headerEnd + 4, next));
    if (typeof part === 'string') return part;
    parts.push(part);
    position = next + 2;
  }
}

function partFromHeaders(headers: string[], data: Buffer): MultipartPart | string {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of headers) {
    const colon = line.indexOf(':');
    if (colon < 0) return `malformed part header: ${line}`;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      if (!/^form-data\b/i.test(value)) return 'part disposition is not form-data';
      name = /\bname="([^"]*)"/i.exec(value)?.[1];
      filename = /\bfilename="([^"]*)"/i.exec(value)?.[1];
    } else if (key === 'content-type') {
      contentType = value;
    }
  }
  if (name === undefined) return 'part without a name';
  return {
    name,
    data,
    ...(filename === undefined ? {} : { filename }),
    ...(contentType === undefined ? {} : { contentType }),
  };
}
