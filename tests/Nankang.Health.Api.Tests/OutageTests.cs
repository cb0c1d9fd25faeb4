using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nankang.Health.Persistence;
using Npgsql;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// A database that is busy, full or away: 503 with <c>Retry-After</c> and a problem naming the cause, nothing half-written,
/// and the service answering again by itself once the database is back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OutageTests
{
    [Fact]
    public async Task Sqlite_LockHeldByAnotherConnection_503BusyWithinTheTimeout_ThenBookedOnceReleased()
    {
        await using var api = ApiFactory.Create(Provider.Sqlite);
        api.Settings["Database:BusyTimeoutMs"] = "1000";
        await api.SeedHospitalsAsync();
        var member = await api.CreateMember();
        using var hospital = api.Hospital("H-NK-L2");
        var claim = ApiClient.Claim(member);
        var counts = await api.TableCounts();

        (HttpStatusCode Status, JsonNode? Body, string Raw, string? RetryAfter, TimeSpan Took) busy;
        await using (var holder = new SqliteConnection(api.ConnectionString + ";Pooling=False"))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync();
            }

            busy = await Timed(hospital, "/api/v1/settlements", claim, "busy-1");
            var (registry, _, registryRaw, registryRetry, _) = await Timed(hospital, "/api/v1/admissions", new JsonObject
            {
                ["hospitalId"] = "H-NK-L2", ["visitNo"] = TestIds.Unique("V"), ["memberId"] = member,
                ["nationalId"] = TestIds.NationalIdOf(member), ["admittedOn"] = "2020-01-01",
            }, null);
            Assert.True(registry == HttpStatusCode.ServiceUnavailable && registryRetry is not null, registryRaw);
            await using var release = holder.CreateCommand();
            release.CommandText = "ROLLBACK";
            await release.ExecuteNonQueryAsync();
        }

        var counted = await api.TableCounts();
        var after = await hospital.Post("/api/v1/settlements", claim, "busy-1");

        Assert.True(busy.Status == HttpStatusCode.ServiceUnavailable, busy.Raw);
        Assert.Equal("busy", busy.Body!["cause"]!.GetValue<string>());
        Assert.Equal("5", busy.RetryAfter);
        Assert.InRange(busy.Took, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));
        Assert.Equal(counts, counted);
        Assert.True(after.Status == HttpStatusCode.Created, after.Raw);
    }

    [Fact]
    public async Task Sqlite_DiskFull_503DiskFull_NothingHalfWritten()
    {
        await using var factory = ApiFactory.Create(Provider.Sqlite);
        await factory.SeedHospitalsAsync();
        await using var api = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.ConfigureDbContext<HealthDbContext>(o => o.AddInterceptors(new NoRoomToGrow()))));
        using var bureau = api.CreateClient();
        bureau.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.BureauKey);

        // Members until the file must grow and cannot: the free pages of the file are used first.
        var created = 0;
        (HttpStatusCode Status, JsonNode? Body, string Raw) full = default;
        for (var i = 0; i < 2000 && full.Status != HttpStatusCode.ServiceUnavailable; i++)
        {
            full = await bureau.Put($"/api/v1/members/{TestIds.Unique("M")}", new JsonObject
            {
                ["nationalId"] = TestIds.NationalId(TestIds.NextSequence()), ["name"] = new string('名', 100), ["birthDate"] = "1960-01-01",
                ["sex"] = "M", ["township"] = new string('镇', 100), ["village"] = new string('村', 100), ["categories"] = ApiClient.Poor(),
            });
            created += full.Status == HttpStatusCode.Created ? 1 : 0;
        }

        Assert.True(full.Status == HttpStatusCode.ServiceUnavailable, full.Raw);
        Assert.Equal("diskFull", full.Body!["cause"]!.GetValue<string>());
        Assert.Equal(created, await factory.WithDb(db => db.Members.CountAsync()));
        Assert.Equal(created, await factory.WithDb(db => db.AuditLog.CountAsync(a => a.Action == "member.create")));
    }

    [Fact]
    public async Task PostgreSql_DatabaseAway_503Unavailable_ThenRecoversByItself()
    {
        if (ApiFactory.PostgresServer is null)
        {
            return; // PostgreSQL runs under scripts/test.sh and in CI, which always set NANKANG_TEST_POSTGRES.
        }

        await using var settled = await OneSettledOnPostgreSqlAsync();
        var (api, hospital, member, database, claim) = settled;

        await Admin($"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false; " +
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid();");
        var away = await Timed(hospital, "/api/v1/settlements", claim, "away-1");
        var read = await hospital.Get($"/api/v1/members/{member}/accumulators/2020");
        await Admin($"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true;");

        var back = await UntilCreatedAsync(hospital, claim, "away-1");

        Assert.True(away.Status == HttpStatusCode.ServiceUnavailable, away.Raw);
        Assert.Equal("databaseUnavailable", away.Body!["cause"]!.GetValue<string>());
        Assert.Equal("5", away.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.Status);
        Assert.True(back.Status == HttpStatusCode.Created, back.Raw);
        var again = await hospital.Post("/api/v1/settlements", claim, "away-1");
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(2, await api.WithDb(db => db.Settlements.CountAsync(s => s.MemberId == member)));
    }

    /// <summary>
    /// A read-only server (a standby, or an old primary after a failover: SQLSTATE 25006) is an outage too: 503
    /// databaseUnavailable with Retry-After, nothing written; once writable again the same key books once.
    /// </summary>
    [Fact]
    public async Task PostgreSql_ReadOnly_503Unavailable_ThenBookedOnce()
    {
        if (ApiFactory.PostgresServer is null)
        {
            return; // PostgreSQL runs under scripts/test.sh and in CI, which always set NANKANG_TEST_POSTGRES.
        }

        await using var settled = await OneSettledOnPostgreSqlAsync();
        var (api, hospital, member, database, claim) = settled;
        var terminate = $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid();";

        // New sessions start read-only; the pooled ones are ended, so the first attempt may meet a broken connection (503
        // too) and the later ones meet read-only sessions: every attempt must be a 503, never the 500 of an unknown error.
        await Admin($"ALTER DATABASE {database} SET default_transaction_read_only = on; {terminate}");
        var attempts = new List<(HttpStatusCode Status, JsonNode? Body, string Raw, string? RetryAfter, TimeSpan Took)>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            attempts.Add(await Timed(hospital, "/api/v1/settlements", claim, "read-only-1"));
        }

        await Admin($"ALTER DATABASE {database} RESET default_transaction_read_only; {terminate}");
        var back = await UntilCreatedAsync(hospital, claim, "read-only-1");

        Assert.All(attempts, a =>
        {
            Assert.True(a.Status == HttpStatusCode.ServiceUnavailable, a.Raw);
            Assert.Equal("databaseUnavailable", a.Body!["cause"]!.GetValue<string>());
            Assert.Equal("5", a.RetryAfter);
        });
        Assert.True(back.Status == HttpStatusCode.Created, back.Raw);
        Assert.Equal(HttpStatusCode.OK, (await hospital.Post("/api/v1/settlements", claim, "read-only-1")).Status);
        Assert.Equal(2, await api.WithDb(db => db.Settlements.CountAsync(s => s.MemberId == member)));
    }

    /// <summary>
    /// An API on a PostgreSQL database of its own, a member with one settlement booked (the connection pool in use), the
    /// hospital's client, the database's name and the member's next claim; disposing it disposes the client and the API.
    /// </summary>
    private sealed record OneSettled(ApiFactory Api, HttpClient Hospital, string Member, string Database, JsonNode Claim) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Hospital.Dispose();
            await Api.DisposeAsync();
        }
    }

    private static async Task<OneSettled> OneSettledOnPostgreSqlAsync()
    {
        var api = ApiFactory.Create(Provider.PostgreSql);
        await api.SeedHospitalsAsync();
        var member = await api.CreateMember();
        var hospital = api.Hospital("H-NK-L2");
        var warm = await hospital.Post("/api/v1/settlements", ApiClient.Claim(member), TestIds.Unique("k"));
        Assert.True(warm.Status == HttpStatusCode.Created, warm.Raw);
        return new OneSettled(api, hospital, member, new NpgsqlConnectionStringBuilder(api.ConnectionString).Database!, ApiClient.Claim(member));
    }

    /// <summary>The database back: the broken pooled connections are dropped as they are found; within ten tries it books.</summary>
    private static async Task<(HttpStatusCode Status, JsonNode? Body, string Raw)> UntilCreatedAsync(HttpClient hospital, JsonNode claim, string key)
    {
        (HttpStatusCode Status, JsonNode? Body, string Raw) back = default;
        for (var attempt = 0; attempt < 10 && back.Status != HttpStatusCode.Created; attempt++)
        {
            back = await hospital.Post("/api/v1/settlements", claim, key);
        }

        return back;
    }

    private static async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body, string Raw, string? RetryAfter, TimeSpan Took)> Timed(
        HttpClient client, string url, JsonNode body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request);
        var took = Stopwatch.GetElapsedTime(started);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Content.Headers.ContentType?.MediaType == "application/problem+json", raw);
        return (response.StatusCode, raw.Length > 0 ? JsonNode.Parse(raw) : null, raw, response.Headers.RetryAfter?.ToString(), took);
    }

    /// <summary>Lets a SQLite database file grow by no page (<c>PRAGMA max_page_count</c>): a full disk, without filling one.</summary>
    private sealed class NoRoomToGrow : DbConnectionInterceptor
    {
        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = "PRAGMA page_count";
            var pages = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            await using var limit = connection.CreateCommand();
            limit.CommandText = $"PRAGMA max_page_count = {Math.Max(pages, 1)}";
            await limit.ExecuteNonQueryAsync(cancellationToken);
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
            ConnectionOpenedAsync(connection, eventData).GetAwaiter().GetResult();
    }
}
