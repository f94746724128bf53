// Placeholder replaced by the PromQL parser conformance run.
console.log('0 passed, 0 failed');
