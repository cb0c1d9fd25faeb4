using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Data;
using Nankang.Health.Cli;
using Npgsql;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The backup procedure of docs/operations.md, online: while four clients book settlements through the service, SQLite
/// is copied with <c>nankang backup</c> (VACUUM INTO) and PostgreSQL dumped with <c>pg_dump</c>; the copy is restored into
/// a fresh database and passes <c>nankang verify</c> run as its own process, and holds a consistent cut: some but not all
/// of the settlements, each with its ledger entry and accumulators.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BackupTests
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task OnlineBackup_WhileSettling_RestoresToADatabaseThatVerifies(Provider provider)
    {
        await using var api = ApiFactory.Create(provider);
        await api.SeedHospitalsAsync();
        var members = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            members.Add(await api.CreateMember(ApiClient.Poor()));
        }

        using var hospital = api.Hospital("H-NK-L2");
        using var stop = new CancellationTokenSource();
        var booked = 0;
        var clients = Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var (status, _, raw) = await hospital.Post("/api/v1/settlements", ApiClient.Claim(members[(client * 2) + (i % 2)], amount: 1000m + i), TestIds.Unique("k"));
                Assert.True(status == HttpStatusCode.Created, raw);
                Interlocked.Increment(ref booked);
            }
        })).ToList();

        while (Volatile.Read(ref booked) < 40)
        {
            await Task.Delay(10);
        }

        var work = Directory.CreateTempSubdirectory("nankang-backup-").FullName;
        string? restoreDatabase = null;
        try
        {
            string restored;
            if (provider == Provider.Sqlite)
            {
                var copy = Path.Combine(work, "backup.db");
                var output = new StringWriter();
                Assert.Equal(0, await Commands.RunAsync(["backup", "--to", copy, "--ConnectionStrings:Health", api.ConnectionString], output, output));
                Assert.Equal(2, await Commands.RunAsync(["backup", "--ConnectionStrings:Health", api.ConnectionString], TextWriter.Null, TextWriter.Null));
                Assert.Equal(1, await Commands.RunAsync(["backup", "--to", copy, "--ConnectionStrings:Health", api.ConnectionString], TextWriter.Null, TextWriter.Null));
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copy));
                }

                // Restoring a SQLite backup is putting the file where the service's database is (here a fresh place).
                var target = Path.Combine(work, "restored", "nankang-health.db");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(copy, target);
                restored = $"Data Source={target}";
            }
            else
            {
                var source = new NpgsqlConnectionStringBuilder(api.ConnectionString);
                var dump = Path.Combine(work, "backup.dump");
                await Run(PostgresTool("pg_dump"), ["--format=custom", "--host", source.Host!, "--port", source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", source.Username!, "--file", dump, source.Database!]);
                restoreDatabase = $"nankang_restore_{Guid.NewGuid():N}";
                await Run(PostgresTool("createdb"), ["--host", source.Host!, "--port", source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", source.Username!, restoreDatabase]);
                await Run(PostgresTool("pg_restore"), ["--exit-on-error", "--no-owner", "--host", source.Host!, "--port", source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", source.Username!, "--dbname", restoreDatabase, dump]);
                restored = new NpgsqlConnectionStringBuilder(api.ConnectionString) { Database = restoreDatabase, Pooling = false }.ConnectionString;
            }

            // Settlements went on after the copy was taken.
            var atCopy = Volatile.Read(ref booked);
            while (Volatile.Read(ref booked) < atCopy + 20)
            {
                await Task.Delay(10);
            }

            await stop.CancelAsync();
            await Task.WhenAll(clients);

            var (code, text) = await VerifyProcess(provider, restored);
            Assert.True(code == 0, text);
            Assert.Contains("verify: passed", text, StringComparison.Ordinal);

            var live = await api.WithDb(db => db.Settlements.CountAsync());
            var options = new Nankang.Health.Cli.StoreFactory(provider.ToString(), restored);
            await using var backup = options.Open();
            var inBackup = await backup.Settlements.CountAsync();
            Assert.Equal(booked, live);
            Assert.InRange(inBackup, 40, live - 20);
            Assert.Equal(inBackup, await backup.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.Settlement));
            Assert.Equal(inBackup, await backup.Accumulators.SumAsync(a => a.ClaimCount));
            Assert.Equal(inBackup, await backup.IdempotencyKeys.CountAsync());
        }
        finally
        {
            await stop.CancelAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
            if (restoreDatabase is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(ApiFactory.PostgresServer);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {restoreDatabase} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary><c>nankang verify</c> as an operator runs it: the CLI's own build output in a process of its own, the key in the environment.</summary>
    internal static async Task<(int Code, string Text)> VerifyProcess(Provider provider, string connection)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(PersonalDataTests.RepositoryRoot(), "src", "Nankang.Health.Cli", "bin", configuration, "net10.0", "nankang.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet", [dll, "verify", "--Database:Provider", provider.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Health"] = connection;
        start.Environment["Security__PersonalDataKey"] = ApiFactory.PersonalDataKey;
        return await Run(start);
    }

    private static string PostgresTool(string name) =>
        Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", name)).Where(File.Exists)
            .OrderByDescending(p => int.Parse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p)))!, System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault() ?? throw new InvalidOperationException($"{name} is not installed under /usr/lib/postgresql/*/bin.");

    private static async Task Run(string tool, string[] args)
    {
        var (code, text) = await Run(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true });
        Assert.True(code == 0, $"{tool} {string.Join(' ', args)}: {code} {text}");
    }

    private static async Task<(int Code, string Text)> Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await errors);
    }
}
