using nietras.SeparatedValues;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bogus;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Members.Import;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.PostgreSql;
using Nankang.Health.Persistence.Sqlite;
using Nankang.Health.Settlement;

// The registry import at county scale: writes a registry CSV of synthetic residents (Bogus zh_CN names, valid national
// IDs, the county's category shares as perf/Nankang.Health.LoadGen/County.cs draws them), then imports it into a fresh,
// migrated database through the real use case (ImportMembersHandler: both passes, encryption, bulk writes), then imports
// the same file again (every row unchanged). Prints the time of each import and the process's peak working set. Usage:
//   dotnet run -c Release --project perf/Nankang.Health.Perf.Import -- [rows=790000] [sqlite|postgres connection string]
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 790_000;
var target = args.Length > 1 ? args[1] : "sqlite";
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

var file = Path.Combine(Path.GetTempPath(), $"nankang-registry-{rows}.csv");
if (!File.Exists(file))
{
    var watch = Stopwatch.StartNew();
    WriteRegistry(file, rows);
    Console.WriteLine($"wrote {rows:N0} rows, {new FileInfo(file).Length / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F1} s: {file}");
}

IStoreProvider provider;
string connectionString;
if (target == "sqlite")
{
    var db = Path.Combine(Path.GetTempPath(), $"nankang-perf-import-{Environment.ProcessId}.db");
    (provider, connectionString) = (new SqliteStoreProvider(), $"Data Source={db}");
}
else
{
    (provider, connectionString) = (new PostgreSqlStoreProvider(), target);
}

HealthDbContext NewContext()
{
    var options = new DbContextOptionsBuilder<HealthDbContext>();
    provider.Configure(options, connectionString);
    return new HealthDbContext(options.Options, provider);
}

await using (var db = NewContext())
{
    await db.Database.EnsureDeletedAsync();
    await db.Database.MigrateAsync();
}

var protector = new PersonalDataProtector(SHA256.HashData("nankang-perf-import"u8));
var caller = new Caller("perf:import", CallerRole.Bureau, null);
for (var run = 1; run <= 2; run++)
{
    await using var store = NewContext();
    var progress = new MemberImportProgress();
    using var self = Process.GetCurrentProcess();
    var cpu = self.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    using var report = new Timer(
        _ => Console.WriteLine($"  {watch.Elapsed.TotalSeconds,5:F1} s {progress.Stage}: read {progress.RowsRead:N0}, valid {progress.RowsValidated:N0}, written {progress.RowsWritten:N0}"),
        null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    var result = await new ImportMembersHandler(store, protector, TimeProvider.System)
        .Handle(new ImportMembers(caller, MemberFileFormat.Csv, () => File.OpenRead(file), progress), CancellationToken.None);
    watch.Stop();
    self.Refresh();
    Console.WriteLine(result.Problem is { } problem
        ? $"import {run}: {problem.Status} {problem.Title} {problem.Detail}"
        : $"import {run} ({provider.Name}): {result.Value} in {watch.Elapsed.TotalSeconds:F1} s ({result.Value!.Rows / watch.Elapsed.TotalSeconds:N0} rows/s), " +
          $"CPU {(self.TotalProcessorTime - cpu).TotalSeconds:F1} s, peak working set {self.PeakWorkingSet64 / (1024 * 1024):N0} MiB");
}

await using (var check = NewContext())
{
    Console.WriteLine($"members {await check.Members.CountAsync():N0}, category periods {await check.MemberCategories.CountAsync():N0}, audit rows {await check.AuditLog.CountAsync():N0}");
    if (target == "sqlite")
    {
        await check.Database.EnsureDeletedAsync();
    }
}

static void WriteRegistry(string path, int count)
{
    string[] townships = ["蓉江街道", "东山街道", "龙回镇", "唐江镇", "凤岗镇", "龙岭镇", "朱坊乡", "太窝乡", "三江乡", "十八塘乡", "浮石乡", "大坪乡", "乌石头乡"];
    var faker = new Faker("zh_CN") { Random = new Randomizer(20200101) };
    var random = new Random(20200101);
    // A BOM, as a spreadsheet saves it; Sep writes the header from the first row's column names and quotes where needed.
    using var file = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
    using var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(file);
    for (var i = 0; i < count; i++)
    {
        // Unique national IDs by construction: the birth day is a bijection of i / 1000 within 33,000 days, i % 1000 the sequence.
        var birth = new DateOnly(1925, 1, 1).AddDays((int)((long)(i / 1000) * 7919 % 33_000));
        var first17 = $"360782{birth:yyyyMMdd}{i % 1000:000}";
        var u = random.NextDouble();
        var categories = u < 0.076 ? $"RegisteredPoor:{random.Next(2014, 2018)}-01-01~"
            : u < 0.0855 ? $"Dibao:{random.Next(2016, 2020)}-01-01~"
            : u < 0.0889 ? "Tekun:2010-01-01~"
            : u < 0.1142 ? "Marginal:2019-01-01~"
            : string.Empty;
        using var row = writer.NewRow();
        row["人员编号"].Set($"M{i:D8}");
        row["身份证号"].Set($"{first17}{NationalId.CheckCharacter(first17)}");
        row["姓名"].Set(faker.Name.LastName() + faker.Name.FirstName());
        row["出生日期"].Set($"{birth:yyyy-MM-dd}");
        row["性别"].Set(i % 2 == 1 ? "M" : "F");
        row["乡镇"].Set(townships[random.Next(townships.Length)]);
        row["村"].Set(faker.Name.LastName() + "屋村");
        row["类别"].Set(categories);
    }
}
