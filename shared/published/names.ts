// Names the apps, the service worker and the rule loader agree on, in a module of their own:
// a page can look at what it remembers without loading the code that reads rule files.

export const RULES_INDEX = '/rules/index.json';

/** The service worker announces changed rule files on this BroadcastChannel. */
export const RULES_CHANNEL = 'second-shot-rules';

/** Where the last good text of each published rule file is kept on a device, by its published path. */
export const MEMORY_PREFIX = 'second-shot:rules:';
