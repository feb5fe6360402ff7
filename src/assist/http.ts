/**
 * Fastify plugin for agent assist: `POST /assist/check`, `POST /assist/suggest` and the WebSocket
 * `/assist`. Every route carries `config: { permission: 'assist:use' }` for the server's auth hook.
 *
 *   import { assistRoutes } from './assist/http.js';
 *   await app.register(websocket);                       // optional: registered here if absent
 *   await app.register(assistRoutes, { config: resolvedConfig });
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import type { KefuConfig, ResolvedConfig } from '../engine/config.js';
import { PRESETS_BY_NAME } from '../presets/index.js';
import { createAssistant } from './assistant.js';
import { CheckBody, CheckReply, SuggestBody, SuggestReply } from './protocol.js';
import { AssistSession } from './session.js';
import type { Assistant, AssistantOptions, AssistContext } from './types.js';

export const ASSIST_PERMISSION = 'assist:use' as const;

export interface AssistRoutesOptions {
  /** A ready assistant (takes precedence over `config`). */
  assistant?: Assistant | Promise<Assistant>;
  /** The configuration whose real-time rules check drafts (default: `kefu:recommended`). */
  config?: ResolvedConfig | KefuConfig;
  /** The organisation's phrase library and tuning. */
  assistantOptions?: AssistantOptions;
  /**
   * Pick the assistant per request, e.g. the tenant's published rule set; `preset` is the
   * context's preset when the client names one. Falls back to the default assistant.
   */
  resolveAssistant?: (request: FastifyRequest, preset: string | undefined) => Assistant | Promise<Assistant> | undefined;
  /** Maximum agents multiplexed on one WebSocket connection (default 1000). */
  maxAgentsPerConnection?: number;
}

/** A client error: Fastify (or the server's error handler) answers with `statusCode` and `code`. */
export class AssistError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const assistRoutes: FastifyPluginAsync<AssistRoutesOptions> = async (instance, options) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const fallback: Promise<Assistant> = Promise.resolve(options.assistant ?? createAssistant(options.config, options.assistantOptions));
  // Fail at registration, not on the first keystroke, if the configuration is broken.
  const defaultAssistant = await fallback;
  const byPreset = new Map<string, Promise<Assistant>>();

  const presetAssistant = (preset: string | undefined): Assistant | Promise<Assistant> => {
    if (preset === undefined || preset === '') return defaultAssistant;
    if (!PRESETS_BY_NAME.has(preset)) {
      throw new AssistError(400, 'unknown_preset', `未知的预设 '${preset}'（可用：${[...PRESETS_BY_NAME.keys()].join(', ')}）`);
    }
    let p = byPreset.get(preset);
    if (!p) {
      p = createAssistant({ extends: preset }, options.assistantOptions);
      byPreset.set(preset, p);
      p.catch(() => byPreset.delete(preset));
    }
    return p;
  };
  const pick = (request: FastifyRequest, preset: string | undefined): Assistant | Promise<Assistant> => {
    const custom = options.resolveAssistant?.(request, preset);
    return custom ?? presetAssistant(preset);
  };

  if (!app.hasDecorator('websocketServer')) {
    await app.register(websocket, { options: { maxPayload: 256 * 1024 } });
  }

  app.post(
    '/assist/check',
    {
      config: { permission: ASSIST_PERMISSION },
      schema: {
        tags: ['assist'],
        summary: '检查客服草稿：禁语、礼貌用语、致歉、号码、长段落…',
        body: CheckBody,
        response: { 200: CheckReply },
      },
    },
    async (request) => {
      const context = (request.body.context ?? {}) as AssistContext;
      const assistant = await pick(request, context.preset);
      return { problems: assistant.check(request.body.draft, context), coach: assistant.coach(context) };
    },
  );

  app.post(
    '/assist/suggest',
    {
      config: { permission: ASSIST_PERMISSION },
      schema: {
        tags: ['assist'],
        summary: '当前情境下适用的标准话术（按匹配度排序，附种子出处）',
        body: SuggestBody,
        response: { 200: SuggestReply },
      },
    },
    async (request) => {
      const context = (request.body.context ?? {}) as AssistContext;
      const assistant = await pick(request, context.preset);
      return { suggestions: assistant.suggest(context, request.body.draft), coach: assistant.coach(context) };
    },
  );

  (app as unknown as FastifyInstance).get('/assist', { websocket: true, config: { permission: ASSIST_PERMISSION } }, (socket, request) => {
    const session = new AssistSession(
      (message) => {
        if (socket.readyState === 1) socket.send(message);
      },
      (preset) => pick(request, preset),
      options.maxAgentsPerConnection,
    );
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        socket.send(JSON.stringify({ type: 'error', code: 'bad_message', message: '只接受文本消息（JSON）' }));
        return;
      }
      session.receive(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString());
    });
    socket.on('close', () => session.close());
    socket.on('error', () => session.close());
  });
};

export default assistRoutes;
