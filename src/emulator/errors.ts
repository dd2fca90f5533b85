// Error bodies in each service's own format, one builder per format (gateway:
// https://experienceleague.adobe.com/en/docs/experience-platform/landing/troubleshooting; Schema Registry:
// https://experienceleague.adobe.com/en/docs/experience-platform/xdm/troubleshooting-guide; Flow Service:
// https://experienceleague.adobe.com/en/docs/experience-platform/sources/errors/flow-service-errors).

import type { Reply } from './http-types.js';
import { ReplyError } from './http-types.js';

/** Gateway: `{"error_code":"403010","message":"Oauth token is missing."}`. */
export function gatewayError(status: number, code: string, message: string): Reply {
  return { status, body: { error_code: code, message } };
}

const FLOW_TITLES: Record<number, string> = {
  400: 'Invalid request',
  403: 'Forbidden',
  404: 'Resource not found',
  412: 'Version not matching',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** Flow Service: problem body whose `type` ends in `FLOW-<code>`, with the message in three places. */
export function flowError(code: string, message: string, extra: { title?: string; id?: string; type?: string; requestId?: string } = {}): Reply {
  const status = Number(code.split('-')[1]);
  return {
    status,
    body: {
      type: `https://ns.adobe.com/aep/errors/FLOW-${code}`,
      title: extra.title ?? FLOW_TITLES[status] ?? 'Error',
      status,
      report: {
        'detailed-message': message,
        ...(extra.id && { id: extra.id }),
        ...(extra.type && { type: extra.type }),
        ...(extra.requestId && { 'request-id': extra.requestId }),
      },
      errorMessage: message,
      errorDetails: message,
    },
  };
}

/** Schema Registry: `XDM-<code>` problem body with a `report`. */
export function registryError(code: string, title: string, detail: string, requestId = ''): Reply {
  const status = Number(code.split('-')[1]);
  return {
    status,
    body: {
      type: `http://ns.adobe.com/aep/errors/XDM-${code}`,
      title,
      status,
      report: { registryRequestId: requestId, timestamp: new Date().toISOString(), 'detailed-message': detail, 'sub-errors': [] },
      detail,
    },
  };
}

/** Catalog and Data Prep: the documentation shows no body; a plain problem body is the closest honest shape. */
export function problem(status: number, title: string, detail: string): Reply {
  return { status, body: { type: '/placeholder/type/uri', status, title, detail } };
}

export function fail(reply: Reply): never {
  throw new ReplyError(reply);
}
