import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { logDestination } from '../../src/platform/log-destination';

/** A writable that collects what it is given, posing as a terminal or not. */
function output(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join('') };
}

describe('log destination', () => {
  it('writes readable lines to a terminal outside production', () => {
    const terminal = output(true);
    const destination = logDestination('development', terminal.stream);
    expect(destination).toBeDefined();
    pino({ level: 'info' }, destination).info({ orderId: 'o-1' }, 'order placed');
    const text = terminal.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] .*INFO.*order placed/);
    expect(text).toContain('{"orderId":"o-1"}');
    expect(text).not.toContain('"level":30');
    expect(text.trim().split('\n')).toHaveLength(1);
  });

  it('keeps JSON lines for pipes, files and production', () => {
    expect(logDestination('development', output(false).stream)).toBeUndefined();
    expect(logDestination('production', output(true).stream)).toBeUndefined();
    expect(logDestination('test', output(false).stream)).toBeUndefined();
  });
});
