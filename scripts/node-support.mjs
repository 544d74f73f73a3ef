// Which Node.js releases Keyward supports in production. Node 20 reached its
// end of life on 30 April 2026 (no more security releases): it still runs
// the app for development, with a warning at every start.
export const SUPPORTED_NODE_MAJORS = [22, 24];
export const RECOMMENDED_NODE = "24 LTS";

/** A warning for an end-of-life or unknown Node.js, or null on a supported one. */
export function nodeSupportWarning(version = process.versions.node) {
  const major = Number.parseInt(version.split(".")[0] ?? "", 10);
  if (SUPPORTED_NODE_MAJORS.includes(major) || major > Math.max(...SUPPORTED_NODE_MAJORS)) return null;
  return (
    `Keyward: Node.js ${version} is past its end of life and gets no security fixes. ` +
    `Run Keyward on Node.js ${RECOMMENDED_NODE} (or 22 LTS) in production.`
  );
}
