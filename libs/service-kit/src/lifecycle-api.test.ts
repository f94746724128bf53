import Fastify from 'fastify';
import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { lifecycleApi } from './lifecycle-api';
import { metricsApi } from './metrics-api';

async function build(ready: boolean, reload: () => Promise<void>) {
  const app = Fastify();
  await app.register(lifecycleApi, { serviceName: 'Vigil rule-manager', isReady: () => ready, reload });
  return app;
}

describe('lifecycle endpoints', () => {
  it('answers healthy and ready', async () => {
    const app = await build(true, async () => {});
    expect((await app.inject('/-/healthy')).body).toBe('Vigil rule-manager is Healthy.\n');
    expect((await app.inject('/-/ready')).statusCode).toBe(200);
  });

  it('is not ready until the service says so', async () => {
    const app = await build(false, async () => {});
    const res = await app.inject('/-/ready');
    expect(res.statusCode).toBe(503);
  });

  it('reports a failed reload with its reason', async () => {
    const app = await build(true, async () => {
      throw new Error('rules/a.yml:3:5: group "g", rule 1, "x": could not parse expression');
    });
    const res = await app.inject({ method: 'POST', url: '/-/reload' });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('failed to reload config: rules/a.yml:3:5');
  });

  it('reloads on POST and PUT', async () => {
    let calls = 0;
    const app = await build(true, async () => {
      calls++;
    });
    expect((await app.inject({ method: 'POST', url: '/-/reload' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: '/-/reload' })).statusCode).toBe(200);
    expect(calls).toBe(2);
  });
});

describe('/metrics', () => {
  it('exposes the registry in text format', async () => {
    const registry = new Registry();
    new Counter({ name: 'prometheus_rule_evaluation_failures_total', help: 'x', registers: [registry] }).inc(
      2,
    );
    const app = Fastify();
    await app.register(metricsApi, { registry });
    const res = await app.inject('/metrics');
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('prometheus_rule_evaluation_failures_total 2');
  });
});
