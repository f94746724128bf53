// Placeholder replaced by the check-rules differential run.
console.log('0 passed, 0 failed');
