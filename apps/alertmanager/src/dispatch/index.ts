// Dispatch: the route tree, aggregation groups and their timers, and the dispatcher that routes alerts into them.
export * from './aggregation-group';
export * from './dispatcher';
export * from './fake-timer-clock';
export * from './group-labels';
export * from './route';
export * from './route-like';
export * from './timer-clock';
