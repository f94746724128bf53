// Alertmanager's time intervals: definitions, parsing from the YAML shapes, and "is now inside?".
export * from './intervener';
export * from './parse';
export * from './time-interval';
export { daysInMonth, isKnownZone, LOCAL_ZONE, wallClock, type WallClock } from './wall-clock';
