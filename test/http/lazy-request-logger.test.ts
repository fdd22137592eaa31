import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { lazyChildLoggerFactory, REDACTED_PATHS } from '../../src/http/logging.js';
import { LogCapture } from './log-capture.js';

const parentLogger = (level: string) => {
  const logs = new LogCapture();
  const parent = pino({ level, redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' } }, logs);
  return { logs, parent, child: vi.spyOn(parent, 'child') };
};

describe('the lazy request logger (verify route)', () => {
  it('makes no child for lines below the route level, and writes the rest with the request id', () => {
    const { logs, parent, child } = parentLogger('info');
    const log = lazyChildLoggerFactory(parent, { reqId: 'req-1' }, { level: 'warn' });
    log.info('access line');
    log.debug('detail');
    expect(child).not.toHaveBeenCalled();
    expect(logs.lines).toEqual([]);

    log.warn({ ip: '10.0.0.1' }, 'budget spent');
    log.error(new Error('boom'));
    expect(child).toHaveBeenCalledTimes(1);
    const [warn, error] = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warn).toMatchObject({ level: 40, reqId: 'req-1', ip: '10.0.0.1', msg: 'budget spent' });
    expect(error).toMatchObject({ level: 50, reqId: 'req-1', msg: 'boom' });
    expect(log.level).toBe('warn');
  });

  it('writes exactly what the default child would, whatever the parent and route levels', () => {
    for (const parentLevel of ['trace', 'info', 'warn', 'error']) {
      for (const routeLevel of [undefined, 'debug', 'warn', 'fatal']) {
        const lazy = parentLogger(parentLevel);
        const plain = parentLogger(parentLevel);
        const options = routeLevel ? { level: routeLevel } : {};
        const loggers = [lazyChildLoggerFactory(lazy.parent, { reqId: 'r' }, options), plain.parent.child({ reqId: 'r' }, options)];
        for (const log of loggers) {
          log.trace('t');
          log.debug('d');
          log.info({ key: 'kw_proj_SECRET' }, 'i');
          log.warn('w');
          log.error('e');
          log.fatal('f');
        }
        const strip = (lines: string[]) => lines.map((l) => ({ ...JSON.parse(l), time: 0 }) as unknown);
        expect(strip(lazy.logs.lines)).toEqual(strip(plain.logs.lines));
        expect(lazy.logs.text).not.toContain('SECRET');
      }
    }
  });

  it('inherits the parent level when the route sets none', () => {
    const { logs, parent } = parentLogger('info');
    const log = lazyChildLoggerFactory(parent, { reqId: 'req-3' }, {});
    log.info('hello');
    expect(JSON.parse(logs.lines[0]!)).toMatchObject({ level: 30, reqId: 'req-3' });
    expect(log.child({ extra: 1 }).level).toBe('info');
  });
});
