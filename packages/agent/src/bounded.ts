// Every collector runs under a time limit: a slow or failing one becomes an entry in the inventory's
// errors[] and the others still arrive.
export interface CollectorError {
  collector: string;
  message: string;
  timedOut: boolean;
}

export async function bounded<T>(
  name: string,
  ms: number,
  run: () => Promise<T>,
  fallback: T,
  errors: CollectorError[],
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  try {
    const r = await Promise.race([run(), timeout]);
    if (r === 'timeout') {
      errors.push({ collector: name, message: `no answer within ${ms} ms`, timedOut: true });
      return fallback;
    }
    return r;
  } catch (e) {
    errors.push({
      collector: name,
      message: (e instanceof Error ? e.message : String(e)).slice(0, 2000),
      timedOut: false,
    });
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}
