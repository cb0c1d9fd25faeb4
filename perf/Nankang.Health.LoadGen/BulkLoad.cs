using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Settlements;
using Nankang.Health.Application.Settlements.Booking;
using Nankang.Health.Cli;
using Nankang.Health.Persistence;
using Nankang.Health.Persistence.PostgreSql;
using Nankang.Health.Persistence.Sqlite;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.LoadGen;

/// <summary>
/// For measuring batch re-settlement only: settles a generated county with the core, in discharge order, and writes the
/// settlements, their ledger entries, the accumulators and the hospitals straight into the database, bypassing HTTP. The
/// rows are built by the same code as the API's (<see cref="BookingDecision.Row"/>); members, admissions, idempotency
/// keys and audit rows are not written (nothing references them by foreign key, and members need the personal-data key).
/// </summary>
public static class BulkLoad
{
    private const int Chunk = 5_000;

    public static async Task RunAsync(County county, Options options, TextWriter output, TextWriter progress)
    {
        var stores = new StoreFactory(options.Provider, options.Connection ?? throw new UsageException("--connection is required for bulkload."));
        var provider = stores.Provider;
        if (provider is SqliteStoreProvider && !options.Create && StoreFactory.MissingSqliteFile(options.Connection) is { } missing)
        {
            throw new UsageException($"the database {missing} does not exist; --create makes a new one.");
        }

        HealthDbContext Open()
        {
            var db = stores.Open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            return db;
        }

        await using (var db = Open())
        {
            await db.Database.MigrateAsync();
            var now = DateTime.UtcNow;
            foreach (var h in county.Hospitals.Where(h => !db.Hospitals.Any(x => x.Id == h.Id)))
            {
                db.Hospitals.Add(new HospitalRow { Id = h.Id, Name = h.Name, Level = h.Level, Region = h.Region, Designated = h.Designated, UpdatedAt = now });
            }

            await db.SaveChangesAsync();
        }

        var started = Stopwatch.GetTimestamp();
        var caller = new Caller("k-bulkload", CallerRole.Bureau, null);
        var hospitals = county.Hospitals.ToDictionary(h => h.Id, h => new HospitalRow { Id = h.Id, Name = h.Name, Level = h.Level, Region = h.Region, Designated = h.Designated });
        var accumulators = new Dictionary<string, Accumulators>();
        var bookedAt = new DateTime(county.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        // Explicit keys after the highest in use, so the inserts need no RETURNING round trip.
        long settlementSeq, ledgerSeq;
        await using (var db = Open())
        {
            settlementSeq = await db.Settlements.MaxAsync(s => (long?)s.Seq) ?? 0;
            ledgerSeq = await db.LedgerEntries.MaxAsync(e => (long?)e.Seq) ?? 0;
        }

        using (var bar = new ProgressBar(progress, "bulk load", county.Admissions.Count))
        {
            foreach (var chunk in county.Admissions.Chunk(Chunk))
            {
                await using var db = Open();
                await using var tx = await db.Database.BeginTransactionAsync();
                foreach (var a in chunk)
                {
                    var body = Body(a);
                    var policy = PolicySet.Default.For(a.DischargedOn)!;
                    var intake = new Intake(body, hospitals[a.Hospital.Id], policy, a.Claim);
                    var result = SettlementEngine.Settle(intake.Claim, policy, accumulators.GetValueOrDefault(a.Member.MemberId));
                    accumulators[a.Member.MemberId] = result.After;
                    bookedAt = bookedAt.AddMilliseconds(10);
                    var id = $"S{a.Member.MemberId}-{a.Index:D8}";
                    var row = BookingDecision.Row(caller, intake, result, id, $"A{a.Index:D8}", bookedAt, SettlementViews.Lines(result, policy));
                    row.Seq = ++settlementSeq;
                    db.Settlements.Add(row);
                    var entry = SettlementViews.Entry(
                        LedgerEntryKind.Settlement, id, a.Hospital.Id, a.Member.MemberId, county.Year, NetAmounts.Of(result), bookedAt, caller.KeyId);
                    entry.Seq = ++ledgerSeq;
                    db.LedgerEntries.Add(entry);
                    bar.Advance();
                }

                await db.SaveChangesAsync();
                await tx.CommitAsync();
            }
        }

        await using (var db = Open())
        {
            foreach (var chunk in accumulators.Chunk(Chunk * 4))
            {
                foreach (var (memberId, acc) in chunk)
                {
                    var row = new AccumulatorRow { MemberId = memberId, Year = county.Year };
                    AccumulatorStore.Write(row, acc, bookedAt);
                    db.Accumulators.Add(row);
                }

                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        if (provider is PostgreSqlStoreProvider)
        {
            // Explicit identity values do not advance PostgreSQL's sequences; later bookings through the API must not collide.
            await using var db = Open();
            await db.Database.ExecuteSqlRawAsync(
                "SELECT setval(pg_get_serial_sequence('settlements', 'Seq'), (SELECT MAX(\"Seq\") FROM settlements)); " +
                "SELECT setval(pg_get_serial_sequence('ledger_entries', 'Seq'), (SELECT MAX(\"Seq\") FROM ledger_entries));");
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bulkload: {county.Admissions.Count:N0} settlements of {accumulators.Count:N0} members written to {provider.Name} in {seconds:F1} s ({county.Admissions.Count / seconds:N0}/s)"));
    }

    /// <summary>The body the hospital would have sent (the same JSON shape as the replay's).</summary>
    public static ClaimBody Body(Admission a)
    {
        var n = 0;
        return new ClaimBody(
            a.Hospital.Id, a.VisitNo, a.Member.MemberId, a.Member.NationalId, a.AdmittedOn, a.DischargedOn, a.Referred, a.InsuranceApplicable,
            a.InsuranceApplicable ? null : "第三方责任外伤，医保不予支付", [a.Diagnosis],
            [.. a.Fees.Select(f => new FeeBody($"{f.Class}{++n:000}", null, f.Class, f.Amount, f.OverLimit.IsZero ? null : f.OverLimit, f.SelfPayRatio))]);
    }
}
