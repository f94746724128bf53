/** ApiAlert is one alert of a Prometheus-style `GET /api/v1/alerts` answer. */
export interface ApiAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

/** getAlerts reads `GET /api/v1/alerts` from Prometheus or the Vigil rule-manager. */
export async function getAlerts(baseUrl: string): Promise<ApiAlert[]> {
  const res = await fetch(`${baseUrl}/api/v1/alerts`);
  const body = (await res.json()) as { data: { alerts: ApiAlert[] } };
  return body.data.alerts;
}

/** getRuleGroups reads `GET /api/v1/rules` groups. */
export async function getRuleGroups(baseUrl: string): Promise<
  {
    name: string;
    lastEvaluation: string;
    interval: number;
    rules: { name: string; health: string; lastError?: string }[];
  }[]
> {
  const res = await fetch(`${baseUrl}/api/v1/rules`);
  const body = (await res.json()) as {
    data: {
      groups: {
        name: string;
        lastEvaluation: string;
        interval: number;
        rules: { name: string; health: string }[];
      }[];
    };
  };
  return body.data.groups;
}

/** instantQuery runs `query` on a Prometheus and returns its vector samples. */
export async function instantQuery(
  baseUrl: string,
  query: string,
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${baseUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as {
    status: string;
    data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== 'success') throw new Error(`query failed: ${JSON.stringify(body)}`);
  return body.data.result;
}
