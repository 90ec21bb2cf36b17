// The collector's version, from its package manifest (bundled into the build).
import pkg from '../package.json';

export const COLLECTOR_VERSION: string = pkg.version;
