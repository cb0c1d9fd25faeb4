using nietras.SeparatedValues;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Reconciliations;
using Nankang.Health.Application.Statements;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.Sqlite;
using Nankang.Health.Settlement.Policies;

// Bureau statements and reconciliation on SQLite: seeds a migrated database with SQL bulk inserts (settlements and their
// ledger entries, with voids and adjustments, in the month and the months around it), then times the month statement
// and a hospital's reconciliation through the real use-case code. Usage:
//   dotnet run -c Release --project perf/Nankang.Health.Perf.Bureau -- [settlements=1000000] [reconLines=100000] [dbPath]
var settlements = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var reconLines = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var path = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), $"nankang-perf-bureau-{settlements}.db");
var month = new StatementMonth(2020, 5);
var connectionString = $"Data Source={path}";
var provider = new SqliteStoreProvider();
HealthDbContext NewContext()
{
    var options = new DbContextOptionsBuilder<HealthDbContext>();
    provider.Configure(options, connectionString);
    return new HealthDbContext(options.Options, provider);
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
if (!File.Exists(path))
{
    await using (var db = NewContext())
    {
        await db.Database.MigrateAsync();
    }

    var seed = Stopwatch.StartNew();
    var (entries, around) = Seed(path, settlements, reconLines, month);
    Console.WriteLine($"seeded {settlements:N0} settlements in {month} (+{around:N0} in April and June), {entries:N0} ledger entries in {seed.Elapsed.TotalSeconds:F1} s: {path}");
}
else
{
    Console.WriteLine($"reusing {path}");
}

var policy = MonthStatements.PolicyOf(PolicySet.Default, month);
for (var run = 1; run <= 3; run++)
{
    await using var db = NewContext();
    var watch = Stopwatch.StartNew();
    var statement = await MonthStatements.ComputeAsync(db, policy, month, null, CancellationToken.None);
    watch.Stop();
    var entries = statement.Totals.Sum(l => l.Settlements.Count + l.Reversals.Count + l.Adjustments.Count);
    Console.WriteLine($"statement {month} run {run}: {watch.Elapsed.TotalSeconds:F2} s ({statement.Payees.Count} payees, net {statement.Net})");
}

await using (var check = new SqliteConnection(connectionString))
{
    await check.OpenAsync();
    await using var command = check.CreateCommand();
    command.CommandText = "SELECT COUNT(*), SUM(BasicInsurance + SeriousIllnessInsurance + SupplementaryInsurance + MedicalAssistance + SpecialReliefTopUp + SpecialReliefHighCost) FROM ledger_entries WHERE BookedAt >= $from AND BookedAt < $to";
    command.Parameters.AddWithValue("$from", month.StartUtc);
    command.Parameters.AddWithValue("$to", month.EndUtc);
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    Console.WriteLine($"cross-check by plain SQL: {reader.GetInt64(0):N0} entries in the month, net {reader.GetInt64(1) / 100m:F2}");
}

// The hospital's detail: one CSV line per ledger entry of H-PERF-00 in the month, 10 lines altered by a fen, 5 left out.
// Written by Sep after a byte-order mark, as a hospital's spreadsheet saves it; the header comes from the columns' names.
var detail = new StringWriter(CultureInfo.InvariantCulture);
detail.Write('\uFEFF');
var lineCount = 0;
using (var csv = Sep.New(',').Writer(o => o with { Escape = true }).To(detail, leaveOpen: true))
await using (var read = new SqliteConnection(connectionString))
{
    await read.OpenAsync();
    await using var command = read.CreateCommand();
    command.CommandText = """
        SELECT s.VisitNo, e.SettlementId, CASE e.Kind WHEN 'Settlement' THEN s.TotalCost WHEN 'Reversal' THEN -s.TotalCost ELSE 0 END,
               e.BasicInsurance, e.SeriousIllnessInsurance, e.SupplementaryInsurance, e.MedicalAssistance, e.SpecialReliefTopUp, e.SpecialReliefHighCost, e.PatientPays
        FROM ledger_entries e JOIN settlements s ON s.Id = e.SettlementId
        WHERE e.HospitalId = 'H-PERF-00' AND e.BookedAt >= $from AND e.BookedAt < $to ORDER BY e.Seq
        """;
    command.Parameters.AddWithValue("$from", month.StartUtc);
    command.Parameters.AddWithValue("$to", month.EndUtc);
    await using var reader = await command.ExecuteReaderAsync();
    var i = 0;
    while (await reader.ReadAsync())
    {
        i++;
        if (i % 20_000 == 7)
        {
            continue;
        }

        var basic = reader.GetInt64(3) + (i % 10_000 == 3 ? 1 : 0);
        using var row = csv.NewRow();
        row["visitNo"].Set(reader.GetString(0));
        row["settlementId"].Set(reader.GetString(1));
        row["totalCost"].Set(Y(reader.GetInt64(2)));
        row["basicInsurance"].Set(Y(basic));
        row["seriousIllnessInsurance"].Set(Y(reader.GetInt64(4)));
        row["supplementaryInsurance"].Set(Y(reader.GetInt64(5)));
        row["medicalAssistance"].Set(Y(reader.GetInt64(6)));
        row["specialReliefTopUp"].Set(Y(reader.GetInt64(7)));
        row["specialReliefHighCost"].Set(Y(reader.GetInt64(8)));
        row["patientPays"].Set(Y(reader.GetInt64(9)));
        lineCount++;
    }
}

var body = JsonSerializer.Serialize(new
{
    hospitalId = "H-PERF-00",
    month = month.ToString(),
    totals = new { basicInsurance = 0m, seriousIllnessInsurance = 0m, supplementaryInsurance = 0m, medicalAssistance = 0m, specialReliefTopUp = 0m, specialReliefHighCost = 0m },
    detailCsv = detail.ToString(),
});
Console.WriteLine($"reconciliation body: {lineCount:N0} CSV lines, {Encoding.UTF8.GetByteCount(body):N0} bytes of JSON");
var clock = new FixedClock(month.End.AddDays(4));
for (var run = 1; run <= 2; run++)
{
    await using var db = NewContext();
    var watch = Stopwatch.StartNew();
    var request = JsonSerializer.Deserialize<ReconciliationBody>(body, HealthJson.Options)!;
    var result = await new ReconcileHandler(db, PolicySet.Default, clock).Handle(new Reconcile(new Caller("perf", CallerRole.Bureau, null), request), CancellationToken.None);
    watch.Stop();
    var view = result.Value!;
    Console.WriteLine($"reconciliation run {run}: {watch.Elapsed.TotalSeconds:F2} s (verdict {view.Verdict}; matched {view.Detail!.Matched:N0}, " +
        $"differences {view.Detail.DifferenceCount}, missing in hospital {view.Detail.MissingInHospitalCount}, missing in engine {view.Detail.MissingInEngineCount})");
}

static string Y(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

static (long Entries, int Around) Seed(string path, int settlements, int reconLines, StatementMonth month)
{
    using var connection = new SqliteConnection($"Data Source={path}");
    connection.Open();
    using (var pragma = connection.CreateCommand())
    {
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
        pragma.ExecuteNonQuery();
    }

    using var tx = connection.BeginTransaction();
    using (var hospitals = connection.CreateCommand())
    {
        hospitals.Transaction = tx;
        hospitals.CommandText = "INSERT INTO hospitals (Id, Name, Level, Region, Designated, UpdatedAt) VALUES ($id, $name, 2, 'InDistrict', 1, '2020-01-01 00:00:00')";
        var id = hospitals.Parameters.Add("$id", SqliteType.Text);
        var name = hospitals.Parameters.Add("$name", SqliteType.Text);
        for (var h = 0; h < 50; h++)
        {
            id.Value = $"H-PERF-{h:00}";
            name.Value = $"南康区第{h}医院";
            hospitals.ExecuteNonQuery();
        }
    }

    using var settlement = connection.CreateCommand();
    settlement.Transaction = tx;
    settlement.CommandText = """
        INSERT INTO settlements (Id, HospitalId, VisitNo, MemberId, AdmissionId, Year, PolicyVersion, BookedAt, KeyId, AdmittedOn, DischargedOn,
          Categories, HospitalLevel, HospitalRegion, HospitalDesignated, Referred, InsuranceApplicable, DiagnosesJson, FeesJson, LinesJson,
          TotalCost, InScope, PreSelfPay, OutOfScope, OverLimit, BasicInsurance, SeriousIllnessInsurance, SupplementaryInsurance, MedicalAssistance,
          SpecialReliefTopUp, SpecialReliefHighCost, PatientPays, ReimbursementRatioBp, AccumulatorsAfterJson)
        VALUES ($id, $h, $visit, $member, $admission, 2020, 'nankang-2020', $at, 'perf', '2020-04-01', '2020-04-10',
          1, 2, 'InDistrict', 1, 0, 1, '[]', '[]', '[]', $total, $total, 0, 0, 0, $b, $s, $u, $m, $t, $c, $p, 9000, '{}')
        """;
    using var entry = connection.CreateCommand();
    entry.Transaction = tx;
    entry.CommandText = """
        INSERT INTO ledger_entries (Kind, SettlementId, CausedBy, HospitalId, MemberId, Year, BookedAt, KeyId,
          BasicInsurance, SeriousIllnessInsurance, SupplementaryInsurance, MedicalAssistance, SpecialReliefTopUp, SpecialReliefHighCost, PatientPays)
        VALUES ($kind, $id, NULL, $h, $member, 2020, $at, 'perf', $b, $s, $u, $m, $t, $c, $p)
        """;
    var sp = new Dictionary<string, SqliteParameter>();
    foreach (var name in new[] { "$id", "$h", "$visit", "$member", "$admission", "$at", "$total", "$b", "$s", "$u", "$m", "$t", "$c", "$p" })
    {
        sp[name] = settlement.Parameters.Add(name, SqliteType.Text);
    }

    var ep = new Dictionary<string, SqliteParameter>();
    foreach (var name in new[] { "$kind", "$id", "$h", "$member", "$at", "$b", "$s", "$u", "$m", "$t", "$c", "$p" })
    {
        ep[name] = entry.Parameters.Add(name, SqliteType.Text);
    }

    var random = new Random(42);
    var around = settlements / 10;
    long entries = 0;
    void Book(string kind, string id, string hospital, string member, DateTime at, long[] amounts)
    {
        ep["$kind"].Value = kind;
        ep["$id"].Value = id;
        ep["$h"].Value = hospital;
        ep["$member"].Value = member;
        ep["$at"].Value = at;
        string[] names = ["$b", "$s", "$u", "$m", "$t", "$c", "$p"];
        for (var k = 0; k < names.Length; k++)
        {
            ep[names[k]].Value = amounts[k];
        }

        entry.ExecuteNonQuery();
        entries++;
    }

    // April's tail, the month itself, then June's head: the month's range must be found, not just scanned.
    var blocks = new (DateTime From, DateTime To, int Count, string Prefix)[]
    {
        (month.StartUtc.AddDays(-15), month.StartUtc, around, "A"),
        (month.StartUtc, month.EndUtc, settlements, "S"),
        (month.EndUtc, month.EndUtc.AddDays(15), around, "J"),
    };
    foreach (var (from, to, count, prefix) in blocks)
    {
        var step = (to - from).Ticks / count;
        for (var i = 0; i < count; i++)
        {
            var at = from.AddTicks(step * i);
            var hospital = prefix == "S" && i < reconLines ? "H-PERF-00" : $"H-PERF-{1 + (i % 49):00}";
            var id = $"{prefix}{i:D8}";
            var member = $"M{random.Next(200_000):D6}";
            var total = random.NextInt64(100_000, 5_000_000);
            var b = total * 60 / 100;
            var s = random.Next(4) == 0 ? total * 10 / 100 : 0;
            var u = total * 8 / 100;
            var m = total * 5 / 100;
            var t = random.Next(3) == 0 ? total * 7 / 100 - s : 0;
            var c = random.Next(10) == 0 ? total * 3 / 100 : 0;
            long[] amounts = [b, s, u, m, t, c, total - b - s - u - m - t - c];
            sp["$id"].Value = id;
            sp["$h"].Value = hospital;
            sp["$visit"].Value = $"ZY{id}";
            sp["$member"].Value = member;
            sp["$admission"].Value = $"A{id}";
            sp["$at"].Value = at;
            sp["$total"].Value = total;
            string[] names = ["$b", "$s", "$u", "$m", "$t", "$c", "$p"];
            for (var k = 0; k < names.Length; k++)
            {
                sp[names[k]].Value = amounts[k];
            }

            settlement.ExecuteNonQuery();
            Book("Settlement", id, hospital, member, at, amounts);
            if (i % 50 == 17)
            {
                // A void in the same month: the reversal negates everything.
                Book("Reversal", id, hospital, member, at.AddTicks(step / 2), [.. amounts.Select(a => -a)]);
            }
            else if (i % 100 == 33)
            {
                // An adjustment: a fund moves 1% to the patient.
                var d = amounts[3] / 5;
                Book("Adjustment", id, hospital, member, at.AddTicks(step / 2), [0, 0, 0, -d, 0, 0, d]);
            }
        }
    }

    tx.Commit();
    using var analyze = connection.CreateCommand();
    analyze.CommandText = "ANALYZE;";
    analyze.ExecuteNonQuery();
    return (entries, around);
}

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
