/** zh-CN messages the server process gives its operator. */
export const server = {
  sqliteInUse: (p: { path: string }) =>
    `另一个 duban 服务进程正在使用这个 SQLite 数据库（${p.path}）。SQLite 只供一个服务进程使用；多个进程需要 PostgreSQL：请设置 DATABASE_URL。（命令行工具 npm run cli 可以与运行中的服务一起使用。）`,
};
