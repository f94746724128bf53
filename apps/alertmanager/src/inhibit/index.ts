// Inhibition: rules that mute target alerts while matching source alerts fire.
export * from './inhibit-rule';
export * from './inhibitor';
