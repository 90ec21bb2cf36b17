// `--camera-port NAME=N`: where each camera protocol listens, when not on its standard port.
import { type CameraPort, DEFAULT_CAMERA_PORTS } from './cameras';

export function cameraPorts(specs: string[]): Record<CameraPort, number> {
  const ports = { ...DEFAULT_CAMERA_PORTS };
  for (const spec of specs) {
    const m = /^([a-z-]+)=(\d+)$/.exec(spec.trim());
    const name = m?.[1] as CameraPort | undefined;
    const port = Number(m?.[2]);
    if (!name || !(name in ports) || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(
        `--camera-port ${spec}: expected NAME=PORT with NAME one of ${Object.keys(ports).join(', ')} and PORT 1-65535`,
      );
    ports[name] = port;
  }
  return ports;
}
