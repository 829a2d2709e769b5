/** Where the threats' side files are: the Compose family's one reading of a container's files (compose/mounts.ts, issue #95). */
export { blockValue, composeMounts, inMount, mountedFile, mountsHolding, record, sideUri } from '../compose/api';
