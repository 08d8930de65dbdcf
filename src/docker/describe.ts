import type { NodeDescription, PluginDescription } from "../exec/executor.js";
import type { EngineInfo, PluginInfo } from "./client.js";

/**
 * The node description from the engine's `info` and its managed plugins, as the original builds
 * it: hostname, platform, CPUs (as nano-CPUs) and memory, engine version, labels (`"k=v"` entries;
 * entries without `=` dropped, later duplicates win) and plugins (built-in volume, network and
 * authorization plugins, plus enabled managed plugins by capability), sorted by type then name
 * without duplicates.
 */
export function nodeDescription(info: EngineInfo, plugins: readonly PluginInfo[]): NodeDescription {
  const labels: Record<string, string> = {};
  for (const entry of info.Labels ?? []) {
    const at = entry.indexOf("=");
    if (at > 0) labels[entry.slice(0, at)] = entry.slice(at + 1);
  }
  const found = new Map<string, PluginDescription>();
  const add = (type: string, name: string) => found.set(`${type}\n${name}`, { type, name });
  for (const name of info.Plugins?.Volume ?? []) add("Volume", name);
  for (const name of info.Plugins?.Network ?? []) add("Network", name);
  for (const name of info.Plugins?.Authorization ?? []) add("Authorization", name);
  for (const plugin of plugins) {
    if (!plugin.Enabled) continue;
    for (const type of plugin.Config?.Interface?.Types ?? []) {
      const { prefix, capability } = interfaceType(type);
      if (prefix !== "docker") continue;
      add(
        capability === "volumedriver" ? "Volume" : capability === "networkdriver" ? "Network" : capability,
        plugin.Name,
      );
    }
  }
  const sorted = [...found.values()].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  return {
    hostname: info.Name ?? "",
    platform: { architecture: info.Architecture ?? "", os: info.OSType ?? "" },
    resources: { nanoCpus: (info.NCPU ?? 0) * 1e9, memoryBytes: info.MemTotal ?? 0 },
    engine: { engineVersion: info.ServerVersion ?? "", labels, plugins: sorted },
  };
}

/** A plugin interface type, given as an object or as `"docker.volumedriver/1.0"`. */
function interfaceType(type: { Prefix?: string; Capability?: string } | string): {
  prefix: string;
  capability: string;
} {
  if (typeof type !== "string") return { prefix: type.Prefix ?? "", capability: type.Capability ?? "" };
  const [prefixAndCapability = ""] = type.split("/");
  const dot = prefixAndCapability.indexOf(".");
  return { prefix: prefixAndCapability.slice(0, dot), capability: prefixAndCapability.slice(dot + 1) };
}
