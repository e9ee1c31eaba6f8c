import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/core/lifecycle";
import { mayOpenRoom, type Room } from "../../src/core/rooms";

const official: Actor = { id: 1, unitId: 7, roles: ["official"] };
const leader: Actor = { id: 2, unitId: null, roles: ["leader"] };
const coordinator: Actor = { id: 3, unitId: 1, roles: ["coordinator"] };
const admin: Actor = { id: 4, unitId: null, roles: ["admin"] };
const unitless: Actor = { id: 5, unitId: null, roles: ["official"] };

const unitRoom: Room = { purpose: "unit", unitId: 7 };
const otherUnitRoom: Room = { purpose: "unit", unitId: 8 };
const leadersRoom: Room = { purpose: "leaders", unitId: null };
const officeRoom: Room = { purpose: "coordinators", unitId: null };
const direct: Room = { purpose: "direct", unitId: null };

describe("who may open a room", () => {
  it("a unit's room is open to that unit's people and no other unit's", () => {
    expect(mayOpenRoom(official, unitRoom)).toBe(true);
    expect(mayOpenRoom(official, otherUnitRoom)).toBe(false);
  });

  it("a person without a unit is in no unit's room, nor in a unit room bound to no unit", () => {
    expect(mayOpenRoom(unitless, unitRoom)).toBe(false);
    expect(mayOpenRoom(unitless, { purpose: "unit", unitId: null })).toBe(false);
  });

  it("the leaders' room is open to leaders, not to officials", () => {
    expect(mayOpenRoom(leader, leadersRoom)).toBe(true);
    expect(mayOpenRoom(official, leadersRoom)).toBe(false);
  });

  it("the office's room is open to coordinators and admins, not to leaders or officials", () => {
    expect(mayOpenRoom(coordinator, officeRoom)).toBe(true);
    expect(mayOpenRoom(admin, officeRoom)).toBe(true);
    expect(mayOpenRoom(leader, officeRoom)).toBe(false);
    expect(mayOpenRoom(official, officeRoom)).toBe(false);
  });

  it("coordinators and admins may open every room, of every unit", () => {
    for (const room of [unitRoom, otherUnitRoom, leadersRoom, officeRoom]) {
      expect(mayOpenRoom(coordinator, room)).toBe(true);
      expect(mayOpenRoom(admin, room)).toBe(true);
    }
  });

  it("another person's direct chat is no room at all, not even for the office", () => {
    for (const person of [official, leader, coordinator, admin]) expect(mayOpenRoom(person, direct)).toBe(false);
  });
});
