/** The demo county's units and people: invented, like everything in the demo ledger. */
export const UNITS = {
  gov: { name: "县人民政府", aliases: ["县政府"] },
  eco: { name: "县生态环境局", aliases: ["生态环境局", "环保局", "督察整改办"] },
  water: { name: "县水利局", aliases: ["水利局", "县水务局"] },
  housing: { name: "县住房和城乡建设局", aliases: ["住建局", "县住建局", "住房城乡建设局"] },
  land: { name: "县自然资源局", aliases: ["自然资源局", "国土局"] },
  agri: { name: "县农业农村局", aliases: ["农业农村局", "农业局"] },
  industry: { name: "县工业和信息化局", aliases: ["工信局", "县工信局"] },
  city: { name: "县城市管理局", aliases: ["城管局", "县城管局"] },
  health: { name: "县卫生健康局", aliases: ["卫健局", "县卫健局"] },
  qingshan: { name: "青山镇人民政府", aliases: ["青山镇", "青山镇政府"] },
  baisha: { name: "白沙镇人民政府", aliases: ["白沙镇", "白沙镇政府"] },
} as const;

export type UnitKey = keyof typeof UNITS;

export const PEOPLE = {
  official: { name: "陈晓明", unit: "water", roles: "official", phone: "13900000001" },
  waterHead: { name: "周建华", unit: "water", roles: "unit_head", phone: "13900000002" },
  housing: { name: "李娜", unit: "housing", roles: "official" },
  land: { name: "赵敏", unit: "land", roles: "official" },
  agri: { name: "孙强", unit: "agri", roles: "official" },
  industry: { name: "钱伟", unit: "industry", roles: "official" },
  city: { name: "郑丽", unit: "city", roles: "official" },
  qingshan: { name: "王磊", unit: "qingshan", roles: "official" },
  baisha: { name: "冯涛", unit: "baisha", roles: "official" },
  coordinator: { name: "林静", unit: "eco", roles: "coordinator", phone: "13900000010" },
  coordinator2: { name: "黄志刚", unit: "eco", roles: "coordinator" },
  leader: { name: "刘国栋", unit: "gov", roles: "leader" },
} as const satisfies Record<string, { name: string; unit: UnitKey; roles: string; phone?: string }>;

export type PersonKey = keyof typeof PEOPLE;

/** Who the sign-in page offers with one click: one of each role, so every flow can be tried. */
export const ONE_CLICK: PersonKey[] = ["official", "coordinator", "leader", "waterHead"];

/** Web rooms of the demo: the leaders' room shows the digest; the unit room gets notices. */
export const ROOMS = [
  { chatId: "leaders", title: "县领导督办群", purpose: "leaders", unit: null },
  { chatId: "office", title: "督察整改办工作群", purpose: "coordinators", unit: null },
  { chatId: "unit-water", title: "县水利局整改工作群", purpose: "unit", unit: "water" },
] as const satisfies readonly { chatId: string; title: string; purpose: string; unit: UnitKey | null }[];

export const LEADER_NAMES = { deputy: "刘国栋", secretary: "马骏", county: "杨晓东" } as const;
