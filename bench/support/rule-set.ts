// The benchmark's rule file: N groups of recording and alerting rules that both Vigil and vmalert accept.

/** RuleSetShape sizes the generated rule file. */
export interface RuleSetShape {
  groups: number;
  /** Rules per group; the first half (rounded up) are recording rules, the rest alerting rules. */
  rulesPerGroup: number;
  /** Every group's `interval`, as a Prometheus duration (`10s`). */
  interval: string;
}

// Spread over the measurement window: some alerts fire during warm-up, some during measurement, some stay pending.
const FOR_DURATIONS = ['5s', '15s', '30s', '1m', '10m'];

/** ruleFileYaml renders the rule file: distinct expressions and names per group, templated labels and annotations. */
export function ruleFileYaml(shape: RuleSetShape): string {
  const recording = Math.ceil(shape.rulesPerGroup / 2);
  const lines = ['groups:'];
  for (let g = 0; g < shape.groups; g++) {
    lines.push(`  - name: bench-${g}`, `    interval: ${shape.interval}`, '    rules:');
    for (let r = 0; r < shape.rulesPerGroup; r++) {
      const selector = `{job="bench",group="g${g}",rule="r${r}"}`;
      if (r < recording) {
        lines.push(
          `      - record: instance:bench_requests_g${g}_r${r}:rate5m`,
          `        expr: sum by (instance, job) (rate(bench_requests_total${selector}[5m]))`,
          '        labels:',
          '          source: bench',
        );
        continue;
      }
      const forDuration = FOR_DURATIONS[(r - recording) % FOR_DURATIONS.length] ?? '1m';
      lines.push(
        `      - alert: BenchHighLatency_g${g}_r${r}`,
        `        expr: sum by (instance, job) (rate(bench_latency_seconds_sum${selector}[5m])) > 1`,
        `        for: ${forDuration}`,
        '        labels:',
        '          severity: warning',
        `          team: '{{ $labels.job }}-oncall'`,
        '        annotations:',
        `          summary: 'Latency on {{ $labels.instance }} is {{ $value | humanize }}s'`,
        `          description: 'Job {{ $labels.job }} in group ${g} has been slow for ${forDuration}.'`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
