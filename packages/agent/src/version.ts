// The agent's version, from its package manifest (bundled into the build).
import pkg from '../package.json';

export const AGENT_VERSION: string = pkg.version;
