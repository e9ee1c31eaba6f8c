/** zh-CN messages: io — importing and exporting the ledger, and the admin command line. */
type At = { sheet?: string; row?: number; column?: string };
type P = { text: string; n: number };
type N = { sheet: string; text: string };

export const io = {
  where: (p: At) => [p.sheet ? `[${p.sheet}]` : "", p.row ? `第${p.row}行` : "", p.column ?? ""].filter(Boolean).join(" "),
  problem: {
    notSpreadsheet: (_: P) => "不是 Excel（.xlsx）或 CSV 文件",
    legacyXls: (_: P) => "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入",
    badEncoding: (_: P) => "无法识别这个 CSV 文件的编码（可读 UTF-8 和 GBK/GB18030），请在 Excel 中另存为“CSV UTF-8”",
    badXlsx: (_: P) => "无法读取这个 Excel 文件，文件可能已损坏",
    tooManyRows: (_: P) => "行数太多（超过5万行），请拆分后分批导入",
    zipCorrupt: (_: P) => "Excel 文件已损坏（压缩包结构错误）",
    zipTooLarge: (_: P) => "文件解压后过大，已拒绝（疑似压缩炸弹）",
    zipTooManyEntries: (_: P) => "文件内部条目过多，已拒绝（不像正常的 Excel 文件）",
    zipRatio: (_: P) => "文件压缩比异常，已拒绝（疑似压缩炸弹）",
    zipUnsupported: (_: P) => "不支持这种压缩格式，请在 Excel 中重新保存后再导入",
    noHeader: (_: P) => "找不到表头：整改台账需要“问题”“责任单位”“整改时限”等列，信访件台账需要“交办编号”“反映问题”等列",
    noSheets: (_: P) => "文件中没有可导入的工作表",
    missingColumns: (p: P) => `缺少必需的列：${p.text}`,
    required: (_: P) => "不能为空",
    badDate: (p: P) => `无法识别日期“${p.text}”`,
    notLongTerm: (_: P) => "这里需要具体日期，不能是“长期坚持”",
    duplicateCode: (p: P) => `编号“${p.text}”与第${p.n}行重复`,
    duplicateCase: (p: P) => `交办编号“${p.text}”与第${p.n}行重复`,
    unknownItem: (p: P) => `台账中没有编号为“${p.text}”的问题，请核对编号（或先导入整改台账，或把台账放在同一文件中）`,
    noCode: (_: P) => "无法生成编号：请增加“编号”列，或导入时指定来源（--source）或编号前缀（--prefix）",
    noSource: (_: P) => "无法判断来源：请增加“来源”列，或导入时指定来源（--source）",
    badSource: (p: P) => `无法识别来源“${p.text}”（可填：中央督察、省督察、信访、风险排查、自查）`,
    badCategory: (p: P) => `无法识别类别“${p.text}”（可填：水、大气、土壤、固废危废、饮用水、小水电、自然保护区、噪声、其他）`,
    badCaseStatus: (p: P) => `无法识别办理状态“${p.text}”（可填：已交办、办理中、已办结、已公开）`,
    badFinding: (p: P) => `无法识别核查结论“${p.text}”（可填：属实、部分属实、不属实）`,
    badYesNo: (p: P) => `“${p.text}”应为“是”或“否”`,
    badCoordinates: (p: P) => `无法识别坐标“${p.text}”：请写“经度,纬度”两个数，如“119.65,29.08”（经度不超过180，纬度不超过90）`,
  },
  note: {
    skippedSheet: (p: N) => `工作表“${p.sheet}”没有台账表头，已跳过`,
    unknownColumns: (p: N) => `工作表“${p.sheet}”中这些列不认识，已忽略：${p.text}`,
    aliasTaken: (p: N) => `别名“${p.text}”已属于另一个单位，未改动`,
    lookbackForward: (p: N) => `已销号事项又有群众重复信访，回头看提前：${p.text}`,
  },
  summary: {
    dryRun: "试导入：以下为检查结果，未写入任何内容。",
    items: (p: { created: number; updated: number; unchanged: number }) =>
      `整改任务：新增${p.created}项，更新${p.updated}项，未变${p.unchanged}项`,
    cases: (p: { created: number; updated: number; unchanged: number }) =>
      `信访件：新增${p.created}件，更新${p.updated}件，未变${p.unchanged}件`,
    created: (p: { units: number; people: number }) => `新建单位${p.units}个、人员${p.people}人`,
    problems: (p: { n: number }) => `发现${p.n}个问题：`,
    blocked: "文件有问题，未写入任何内容。请修改后重新导入，或只导入有效行（--skip-invalid）。",
    rejected: (p: { n: number }) => `${p.n}行有问题，未导入`,
    empty: "文件中没有数据行。",
    notes: "提示：",
  },
  export: {
    casesSheet: "信访件",
    sourceTitle: (p: { source: string; day: string }) => `${p.source}整改台账（截至${p.day}）`,
    summarySheet: "调度汇总",
    summaryTitle: (p: { from: string; to: string }) => `调度汇总（本周：${p.from} 至 ${p.to}）`,
    total: "合计",
    report: (p: { day: string; text: string }) => `${p.day}：${p.text}`,
    completion: { done: "已完成", longTerm: "长期坚持", awaiting: "待验收", inProgress: "整改中", notStarted: "未开始" },
    byImport: (p: { file: string }) => `导入（${p.file}）`,
    lookbackDue: (p: { day: string }) => `${p.day}前`,
    lookbackDone: (p: { day: string; passed: boolean; note: string | null }) => `${p.day} ${p.passed ? "通过" : "未通过"}${p.note ? `：${p.note}` : ""}`,
    casesTitle: (p: { day: string }) => `信访件台账（截至${p.day}，不含信访人信息）`,
    errorColumn: "错误",
  },
  cli: {
    usage: `督办 管理命令

用法：npm run cli -- <命令> [参数]

命令：
  migrate        更新数据库结构
  import <文件>   导入整改台账或信访件台账（.xlsx / .csv）
  export <文件>   导出台账（Excel、CSV 或 JSON）
  invite <姓名>   为人员生成一次性绑定码
  chats          列出或绑定聊天群
  digest         预览某个群的每日简报
  status         台账、发送队列和处理失败的消息概况
  inbound        列出或重新处理处理失败的消息
  backup [文件]   在线备份 SQLite 台账（PostgreSQL 用 pg_dump）
  evidence       列出存疑照片，或查一张照片在台账中的相同或近似照片
  audit verify   检查审计记录有没有被改动、删除或插入

每个命令都可加 --help 查看详细用法。
数据库由 DATABASE_URL 指定（默认 ./data/duban.db）。`,
    help: {
      backup: `用法：npm run cli -- backup [文件]

在机器人运行时在线备份 SQLite 台账（SQLite 的在线备份，得到一致的副本）。
不写文件名时，备份写到台账旁的 backups/duban-<日期>-<时分>.db。已有的文件不会被覆盖。
恢复：停止督办，把备份文件复制为 DATABASE_URL 指向的文件（删除旁边的 -wal、-shm 文件），再启动。
PostgreSQL 台账请用 pg_dump 备份，本命令会给出要用的命令。`,
      migrate: `用法：npm run cli -- migrate

按顺序执行尚未执行的数据库迁移（已执行的不会重复）。`,
      import: `用法：npm run cli -- import <文件.xlsx|文件.csv> [选项]

导入整改台账（问题、整改目标、整改措施、责任领导、责任单位、配合单位、责任人、
整改时限、进展情况、完成情况）和信访件台账（交办编号、批次、交办时间、反映问题、
所在地、污染类型、责任单位、包案领导、办理时限、办理状态）。工作表“单位”
（单位名称、简称、上级单位）可登记单位别名。

先检查整个文件：有任何问题都不写入，并列出每个问题所在的行和列。
同一文件重复导入不会改变任何内容；导入更新后的文件按编号更新，并记入审计历史。
整改任务的状态只在新建时由“完成情况”决定，之后以机器人中的进展和销号为准。

编号：优先用“编号”列（如 中央-07-2）；只有数字“序号”时，用“前缀-序号”生成，
序号补足两位：序号 7 → 中央-07，7-2 → 中央-07-2。前缀取 --prefix；
没有时按来源取：中央督察→中央，省督察→省，信访→信访，风险排查→风险，自查→自查。
来源依次取：“来源”列、--source、工作表名（CSV 取文件名；含“中央”“省”“风险”等字样）、
表头上方标题行中的督察名称、编号前缀。分类标题（如“四、生态保护问题”）决定其下各行的类别。
新建任务的“完成情况”为“已完成”时直接销号，销号记录注明由本次导入（文件名）完成。

选项：
  --dry-run            只检查并报告，不写入
  --skip-invalid       只导入有效行，有问题的行写入 <文件名>.rejected.<扩展名>
  --rejected <文件>     有问题的行写到这个文件
  --source <来源>       中央 | 省 | 信访 | 风险 | 自查（也可写 central | provincial | petition | risk | self）
  --prefix <前缀>       由序号生成编号时使用的前缀，如 中央
  --help               显示本帮助

CSV 可为 UTF-8 编码，或中文 Windows 上 Excel 默认保存的 GBK/GB18030 编码。`,
      export: `用法：npm run cli -- export <文件> [选项]

导出整改台账：每个来源一个工作表（中央、省、信访、风险、自查），按导入时的顺序和序号，
与导入模板相同的列（进展情况为最近一次报告及日期，完成情况按当前状态），另加当前状态、
当前时限、进度、销号时间、验收人、回头看、照片数、红绿灯；信访件一个工作表；
“调度汇总”按单位列出未销号、逾期、本周有进展、本周销号。已设筛选、冻结表头、
A4 横向打印（每页重复标题行）。导出文件不含信访人姓名和联系方式。
导出的 Excel 可以原样再导入，不会产生任何改动。CSV 文件只有一张表：整改台账，
加 --cases 则为信访件台账（UTF-8，带 BOM，Excel 可直接打开）。

选项：
  --format <xlsx|csv|json>  默认按文件扩展名（.csv、.json），否则 xlsx
  --cases                   CSV 导出信访件台账而不是整改台账
  --help                    显示本帮助

文件名为 - 且格式为 json 时输出到标准输出。`,
      invite: `用法：npm run cli -- invite <姓名> --unit <单位> --role <角色> [--phone <电话>] [--new-unit]

在该单位找到此人（没有则新建），生成一次性绑定码（7天内有效）。
--new-unit：单位尚不存在时新建（例如台账导入前，为第一位督察整改办同志生成绑定码）。
本人在聊天中发送 /绑定 <绑定码> 即完成绑定。

角色：official（责任人）| unit_head（单位负责人）| coordinator（督察整改办）| leader（领导）| admin（管理员），
多个角色用逗号分隔。`,
      chats: `用法：
  npm run cli -- chats
      列出已绑定的聊天群
  npm run cli -- chats bind <平台> <群ID> --purpose <用途> [--unit <单位>] [--title <名称>] [--digest-time HH:MM]
      绑定（或改绑）一个群

平台：web | telegram | slack | dingtalk | feishu | wecom
用途：leaders（领导群）| coordinators（督察整改办群）| unit（单位工作群，须加 --unit）`,
      digest: `用法：npm run cli -- digest --chat <编号> [--at <时间>] --preview

预览该群（编号见 chats 列表）在给定时间（ISO 格式，默认现在）会收到的每日简报，
只显示，不发送。`,
      status: `用法：npm run cli -- status

显示整改任务按状态和红绿灯的数量、信访件按状态的数量、发送队列的健康情况，
以及处理失败的消息。`,
      audit: `用法：npm run cli -- audit verify

先把新的审计记录接上审计链，再从头逐条核对：每条的哈希、前后衔接和校验标记。
链完好时显示条数和链头（与领导群每日简报最后一行相同）；发现被改动、删除或
插入的记录时，列出位置并以非零状态退出。`,
      inbound: `用法：
  npm run cli -- inbound list
      列出处理失败的消息（最近 20 条）
  npm run cli -- inbound retry <编号>
      修复原因后，把这条消息重新交给机器人处理（回复由运行中的机器人发出）

一条消息反复处理失败（数据有误或程序缺陷）时，机器人会记下它、向发送人致歉、
通知督察整改办群，然后继续处理后面的消息。`,
      evidence: `用法：
  npm run cli -- evidence flags [--json] [--item <编号>] [--all]
      列出存疑照片（未核实的；--all 含已核实的），每张附其对照的早先照片
  npm run cli -- evidence match <照片文件>
      列出台账中与这张照片相同或近似的照片（从其他渠道收到的照片也可查）

--json 输出一个 JSON 数组，每项含 item、kind、flags、sentAt、reason、matches。`,
    },
    badArgs: (p: { command: string; detail: string }) =>
      `参数有误：${p.detail}\n运行 npm run cli -- ${p.command} --help 查看用法`,
    unknownCommand: (p: { command: string }) => `没有“${p.command}”这个命令。运行 npm run cli -- --help 查看可用命令。`,
    failed: (p: { detail: string }) => `出错了：${p.detail}`,
    backup: {
      written: (p: { file: string; pages: number }) => `已备份到 ${p.file}（${p.pages} 页）`,
      exists: (p: { file: string }) => `${p.file} 已存在，不会覆盖。请换一个文件名。`,
      noLedger: "台账文件不存在：请检查 DATABASE_URL 或 DUBAN_DATA_DIR。",
      usePgDump: (p: { day: string }) =>
        `台账在 PostgreSQL 上，本命令只备份 SQLite。请用 pg_dump（运行中即可备份）：
  pg_dump --format=custom --file=duban-${p.day}.dump "$DATABASE_URL"
恢复到一个空数据库：
  pg_restore --no-owner --dbname "$DATABASE_URL" duban-${p.day}.dump`,
    },
    migrated: (p: { names: string }) => `已执行迁移：${p.names}`,
    upToDate: "数据库已是最新结构。",
    ledgerWhere: (p: { where: string; kind: string }) => `台账：${p.where}（${p.kind}）`,
    rejectedWritten: (p: { file: string; n: number }) => `${p.n}行有问题，已写入 ${p.file}`,
    exported: (p: { file: string; items: number; cases: number }) => `已导出 ${p.items} 项整改任务、${p.cases} 件信访件到 ${p.file}`,
    exportedTable: (p: { file: string; rows: number; table: "items" | "cases" }) =>
      p.table === "cases" ? `已导出 ${p.rows} 件信访件到 ${p.file}` : `已导出 ${p.rows} 项整改任务到 ${p.file}`,
    unitNotFound: (p: { unit: string }) => `找不到单位“${p.unit}”。请检查名称，或先导入台账；如确需新建该单位，请加 --new-unit。`,
    chatNotFound: (p: { id: number }) => `没有编号为 ${p.id} 的聊天群。运行 chats 查看列表。`,
    invited: (p: { name: string; unit: string; roles: string; created: boolean }) =>
      `${p.created ? "已新建" : "已找到"}人员：${p.name}（${p.unit}，${p.roles}）`,
    bindCode: (p: { code: string; until: string }) => `绑定码：${p.code}（${p.until} 前有效，只能使用一次）\n请本人在聊天中发送：/绑定 ${p.code}`,
    noChats: "还没有绑定任何聊天群。",
    chatLine: (p: { id: number; platform: string; chatId: string; purpose: string; unit: string; title: string; digest: string }) =>
      `${p.id}. [${p.platform}] ${p.chatId} ${p.title} — ${p.purpose}${p.unit ? `（${p.unit}）` : ""}，简报 ${p.digest}`,
    chatBound: (p: { id: number; purpose: string }) => `已绑定，聊天群编号 ${p.id}，用途：${p.purpose}`,
    digestOff: "关",
    status: {
      items: (p: { n: number }) => `整改任务共 ${p.n} 项`,
      byStatus: (p: { detail: string }) => `按状态：${p.detail}`,
      byLight: (p: { detail: string }) => `按红绿灯（未销号）：${p.detail}`,
      cases: (p: { n: number; detail: string }) => `信访件共 ${p.n} 件：${p.detail}`,
      count: (p: { label: string; n: number }) => `${p.label} ${p.n}`,
      sep: "，",
      outbox: (p: { pending: number; failed: number; sending: number }) =>
        `发送队列：待发 ${p.pending}，发送中 ${p.sending}，失败 ${p.failed}`,
      oldestPending: (p: { minutes: number }) => `最早的待发消息已等待 ${p.minutes} 分钟`,
      stuck: (p: { n: number }) => `${p.n} 条消息的发送租约已过期（发送进程可能已停止）`,
      failedMessage: (p: { id: number; key: string; platform: string; chatId: string; error: string }) =>
        `  发送失败 #${p.id} [${p.platform}] ${p.chatId} ${p.key}：${p.error}`,
      noError: "（平台未说明原因）",
      moreFailed: (p: { n: number }) => `  另有 ${p.n} 条发送失败`,
    },
    progress: { writing: "写入", exporting: "导出" },
  },
};
