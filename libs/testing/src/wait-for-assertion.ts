/** waitForAssertion retries an assertion until it passes or timeoutMs runs out, then rethrows its last failure (tests only). */
export async function waitForAssertion(
  check: () => void | Promise<void>,
  timeoutMs = 5000,
  stepMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, stepMs));
    }
  }
}
