/**
 * NFD's `usb` source: one `device` instance per USB device in
 * /sys/bus/usb/devices, or one per interface when the device's class is `00`
 * (defined per interface).
 *
 * @module
 */
import type { Host } from "../../host/host.ts";
import { listOptional, readOptional, readTrimmed } from "../common/optional_read.ts";
import { type Features, type Instance, newFeatures } from "./flatten.ts";
import { pushAll } from "../../util/array_ops.ts";

const USB = "/sys/bus/usb/devices";

/** Instance attribute → sysfs file. */
const ATTRS: ReadonlyArray<readonly [string, string]> = [
  ["class", "bDeviceClass"],
  ["vendor", "idVendor"],
  ["device", "idProduct"],
  ["serial", "serial"],
];

/**
 * Discover the `usb` source. NFD globs `devices/* /idProduct`, which matches
 * nothing (no error) when the bus is absent, so a missing /sys/bus/usb gives
 * no devices rather than an error.
 */
export function discoverUsb(host: Host): Features {
  const features = newFeatures();
  const devices: Instance[] = [];
  for (const dev of listOptional(host, USB) ?? []) {
    const path = `${USB}/${dev}`;
    if (!host.exists(`${path}/idProduct`)) continue; // interfaces (1-1:1.0) have no idProduct
    pushAll(devices, usbInstances(host, path));
  }
  features.instances.device = devices;
  return features;
}

function usbInstances(host: Host, path: string): Instance[] {
  const attrs: Instance = {};
  for (const [name, file] of ATTRS) {
    const value = readTrimmed(host, `${path}/${file}`);
    if (value) attrs[name] = value;
  }
  if (attrs.class !== "00") return [attrs];
  // Class 00: the class is per interface; one instance per interface, duplicates kept.
  const out: Instance[] = [];
  for (const entry of listOptional(host, path) ?? []) {
    const file = `${path}/${entry}/bInterfaceClass`;
    if (!host.exists(file)) continue;
    const cls = readOptional(host, file);
    if (cls === undefined) return []; // NFD drops the whole device on an interface read error
    out.push({ ...attrs, class: cls.trim() });
  }
  return out;
}
