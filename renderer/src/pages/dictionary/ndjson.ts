/** Reads a response body of newline-delimited JSON, handing each object over as it arrives. */
export async function readNdjson(body: ReadableStream<Uint8Array>, onMessage: (message: Record<string, unknown>) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    buffered += decoder.decode(value, { stream: !done });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) onMessage(JSON.parse(line) as Record<string, unknown>);
    }
    if (done) break;
  }
  if (buffered.trim()) onMessage(JSON.parse(buffered) as Record<string, unknown>);
}
