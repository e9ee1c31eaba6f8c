import { describe, expect, it } from "vitest";
import { distanceMeters, gcjToWgs, isPlace, lonLatOf, parseLonLat, wgsToGcj } from "../../src/core/geo";

// The reference points published with the transform's open implementations (eviltransform's tests).
const REFERENCE = [
  { city: "上海", wgs: { lat: 31.1774276, lon: 121.5272106 }, gcj: { lat: 31.17530398364597, lon: 121.531541859215 } },
  { city: "深圳", wgs: { lat: 22.543847, lon: 113.912316 }, gcj: { lat: 22.540796131694766, lon: 113.9171764808363 } },
  { city: "北京", wgs: { lat: 39.911954, lon: 116.377817 }, gcj: { lat: 39.91334545536069, lon: 116.38404722455657 } },
];

describe("the datum of Chinese maps", () => {
  it.each(REFERENCE)("a WGS-84 point in $city is where the published GCJ-02 transform puts it", ({ wgs, gcj }) => {
    const got = wgsToGcj(wgs);
    expect(got.lat).toBeCloseTo(gcj.lat, 9);
    expect(got.lon).toBeCloseTo(gcj.lon, 9);
  });

  it.each(REFERENCE)("a GCJ-02 point in $city copied from a map comes back to its WGS-84 point", ({ wgs, gcj }) => {
    const got = gcjToWgs(gcj);
    expect(Math.abs(got.lat - wgs.lat)).toBeLessThan(1e-7);
    expect(Math.abs(got.lon - wgs.lon)).toBeLessThan(1e-7);
  });

  it("the shift inside China is hundreds of metres, and outside China there is none", () => {
    const shifted = distanceMeters(REFERENCE[0]!.wgs, REFERENCE[0]!.gcj);
    expect(shifted).toBeGreaterThan(100);
    expect(shifted).toBeLessThan(700);
    expect(wgsToGcj({ lat: 48.8584, lon: 2.2945 })).toEqual({ lat: 48.8584, lon: 2.2945 });
    expect(gcjToWgs({ lat: 35.6586, lon: 139.7454 })).toEqual({ lat: 35.6586, lon: 139.7454 });
  });

  it("a sheet's GCJ-02 numbers survive import and export to within 1e-5", () => {
    const sheet = { lat: 29.08, lon: 119.65 };
    const back = wgsToGcj(gcjToWgs(sheet));
    expect(Math.abs(back.lat - sheet.lat)).toBeLessThan(1e-9);
    expect(Math.abs(back.lon - sheet.lon)).toBeLessThan(1e-9);
  });
});

describe("distances between places", () => {
  it("one degree of latitude is about 111 km, and a place is 0 m from itself", () => {
    expect(distanceMeters({ lat: 29, lon: 119.65 }, { lat: 30, lon: 119.65 })).toBeCloseTo(111_195, -1);
    expect(distanceMeters({ lat: 29.08, lon: 119.65 }, { lat: 29.08, lon: 119.65 })).toBe(0);
  });

  it("金华 to 杭州 is about 120 km, as the map says", () => {
    const jinhua = { lat: 29.0792, lon: 119.6474 };
    const hangzhou = { lat: 30.2741, lon: 120.1551 };
    const d = distanceMeters(jinhua, hangzhou);
    expect(d).toBeGreaterThan(135_000);
    expect(d).toBeLessThan(145_000);
  });

  it("0/0, a camera without a fix, is not a place; nor is a latitude past the pole", () => {
    expect(isPlace({ lat: 0, lon: 0 })).toBe(false);
    expect(isPlace({ lat: 91, lon: 119 })).toBe(false);
    expect(isPlace({ lat: null, lon: 119 })).toBe(false);
    expect(isPlace({ lat: 29.08, lon: 119.65 })).toBe(true);
  });
});

describe("coordinates as a sheet writes them", () => {
  it.each(["119.65,29.08", "119.65，29.08", "119.65、29.08", "119.65 29.08", " 119.65 , 29.08 "])("“%s” is longitude then latitude", (text) => {
    expect(parseLonLat(text)).toEqual({ lon: 119.65, lat: 29.08 });
  });

  it("latitude written first is taken the right way round", () => {
    expect(parseLonLat("29.08,119.65")).toEqual({ lon: 119.65, lat: 29.08 });
  });

  it.each(["119.65", "119.65,29.08,5", "东经119.65,北纬29.08", "200,29", "119.65,95", "0,0", ""])("“%s” is not a place", (text) => {
    expect(parseLonLat(text)).toBeNull();
  });

  it("two cells 经度 and 纬度 make one place", () => {
    expect(lonLatOf("119.65", " 29.08")).toEqual({ lon: 119.65, lat: 29.08 });
    expect(lonLatOf("119.65", "北纬29")).toBeNull();
  });
});
