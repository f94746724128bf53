// BullMQ/ioredis wiring: queue names, typed producer and consumer, graceful close.
