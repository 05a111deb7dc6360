/** Every HTTP answer the harness saw from the apps (through the front or directly): the secret scan reads them. */
export interface RecordedExchange {
  method: string;
  url: string;
  status: number;
  headers: string;
  body: string;
}

export const recordedExchanges: RecordedExchange[] = [];

export function recordExchange(exchange: RecordedExchange): void {
  recordedExchanges.push(exchange);
}

/** fetch that records the answer (status, every header, the whole body) and hands back its text. */
export async function recordedFetch(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, { redirect: "manual", ...init });
  const text = await response.text();
  const headers = [...response.headers.entries()].map(([name, value]) => `${name}: ${value}`).join("\n");
  recordExchange({ method: init.method ?? "GET", url, status: response.status, headers, body: text });
  return { status: response.status, headers: response.headers, text };
}
