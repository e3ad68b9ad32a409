import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions, LogFn } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type AnyLog = (this: FastifyBaseLogger, ...args: unknown[]) => void;
type Parent = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };

/**
 * A request's logger (`request.log`) that makes its pino child, with the request id bound, only
 * when a line is actually written. Making a child per request stringifies and redacts its bindings
 * every time, which showed in the per-request profile although at the usual levels (warn, or info
 * with one line per request) most requests log nothing through it.
 */
class RequestLogger implements FastifyBaseLogger {
  private real: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: Parent,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): string {
    return (this.real ?? this.parent).level;
  }
  set level(level: string) {
    this.logger().level = level;
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger().child(bindings, options);
  }

  logger(): FastifyBaseLogger {
    return (this.real ??= this.parent.child(this.bindings, this.options));
  }

  enabled(level: Level): boolean {
    if (this.real) return true; // the child decides
    return this.parent.isLevelEnabled ? this.parent.isLevelEnabled(level) : true;
  }

  declare fatal: LogFn;
  declare error: LogFn;
  declare warn: LogFn;
  declare info: LogFn;
  declare debug: LogFn;
  declare trace: LogFn;
  silent: LogFn = () => {};
}

for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const) {
  RequestLogger.prototype[level] = function (this: RequestLogger, ...args: unknown[]) {
    if (!this.enabled(level)) return;
    const logger = this.logger();
    (logger[level] as AnyLog).apply(logger, args);
  } as LogFn;
}

/**
 * Fastify's `childLoggerFactory`: a lazily made child per request. A route with its own log
 * level or serializers gets its child at once (the parent's level says nothing about it).
 */
export function requestLoggerFactory(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  if (options.level !== undefined || options.serializers !== undefined)
    return logger.child(bindings, options);
  return new RequestLogger(logger, bindings, options);
}

/**
 * One line per request instead of Fastify's two: no "incoming request" line, and the
 * "request completed" line (info) carries the request (method, URL as loggableUrl shows it,
 * client address) with the status and response time. Errors are logged as Fastify does.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    // Skip building the line when info is off (LOG_LEVEL=warn): nothing to write for a success.
    if (!error && reply.log instanceof RequestLogger && !reply.log.enabled('info')) return;
    if (error) {
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    } else {
      reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}
