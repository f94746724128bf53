// Handlebars notification templates: the data model, helpers, Vigil's default templates and template files.
export * from './flavor';
export * from './helpers';
export * from './links';
export * from './notification-data';
export * from './template-error';
export * from './template-files';
export * from './template-set';
export * from './time-format';
