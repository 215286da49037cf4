import { Type } from '@sinclair/typebox';
import type { EventWindowAlertData } from '@newswindow/schemas';
import { AlertListSchema } from '../schemas';
import type { ServerDeps } from '../server';
import type { Api } from './api-instance';
import { responses } from './api-instance';

/** One Server-Sent Event carrying an alert (`event: alert`, the alert id as the event id). */
export const sseFrame = (alert: EventWindowAlertData): string =>
  `event: alert\nid: ${alert.alertId.replace(/[\r\n]/g, ' ')}\ndata: ${JSON.stringify(alert)}\n\n`;

export function registerAlertRoutes(api: Api, deps: ServerDeps): void {
  api.get(
    '/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'the newest alerts received from the alerts topic since this server started (newest first)',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) },
          { additionalProperties: false },
        ),
        response: responses(AlertListSchema),
      },
    },
    (request) => ({ items: deps.alerts.recent(request.query.limit ?? 100) }),
  );

  api.get(
    '/alerts/stream',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['alerts'],
        summary: 'live alerts as Server-Sent Events (event: alert, data: the alert JSON); a comment every 15 s',
        produces: ['text/event-stream'],
        response: {
          200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        },
      },
    },
    (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      const unsubscribe = deps.alerts.subscribe((alert) => res.write(sseFrame(alert)));
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      request.raw.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
    },
  );
}
