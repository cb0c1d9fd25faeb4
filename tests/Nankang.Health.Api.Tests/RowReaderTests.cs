using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence;
using Nankang.Health.Settlement;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The settle path's reads (<see cref="IHealthStore.ReadWhereInAsync{T}"/>, <see cref="HealthDbContext.ReadWherePairsAsync{T}"/>),
/// for every table the writer reads: each finds exactly the rows asked for, and builds them exactly as EF Core's own query
/// does, property by property — extremes of integers, awkward text, date-times to the tick, enums stored as text, nulls.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RowReaderTests(IsolatedApiFixture fixture) : IClassFixture<IsolatedApiFixture>
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task ReadWhereIn_AndReadWherePairs_BuildTheRowsAsEfCoreDoes_ForEveryTableTheWriterReads(Provider provider)
    {
        var api = fixture.For(provider);
        var tag = TestIds.Unique("rr");
        var other = TestIds.Unique("ro");
        var hospitals = new[] { Hospital($"H{tag}1", 1, Region.InDistrict, true), Hospital($"H{tag}2·医院", 3, Region.OutOfProvince, false) };
        var members = new[] { Member($"M{tag}1"), Member($"M{tag}2") };
        var categories = new[]
        {
            new MemberCategoryRow { MemberId = $"M{tag}1", Category = Category.RegisteredPoor, From = new DateOnly(2016, 1, 1), To = null },
            new MemberCategoryRow { MemberId = $"M{tag}1", Category = Category.Dibao, From = new DateOnly(2020, 2, 29), To = new DateOnly(2020, 12, 31) },
        };
        var settlements = RowWriterTests.Settlements(tag);
        var voids = new[] { new VoidRow { SettlementId = settlements[0].Id, Reason = "重复 'x'", VoidedAt = new DateTime(2020, 6, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-10), KeyId = "k" } };
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IHealthStore>();
            await using var tx = await store.BeginWriteAsync(CancellationToken.None);
            await store.InsertAsync(hospitals, CancellationToken.None);
            await store.InsertAsync(members, CancellationToken.None);
            await store.InsertAsync(categories, CancellationToken.None);
            await store.InsertAsync(RowWriterTests.Admissions(tag), CancellationToken.None);
            await store.InsertAsync(settlements, CancellationToken.None);
            await store.InsertAsync(voids, CancellationToken.None);
            await store.InsertAsync(RowWriterTests.Accumulators(tag), CancellationToken.None);
            await store.InsertAsync(RowWriterTests.IdempotencyKeys(tag), CancellationToken.None);

            // Rows that must not come back: another tag's, and the crossings of the pairs asked for.
            await store.InsertAsync(RowWriterTests.Admissions(other), CancellationToken.None);
            await store.InsertAsync(RowWriterTests.IdempotencyKeys(other), CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }

        await using (var scope = api.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<HealthDbContext>();
            var missing = $"absent-{tag}";
            await AssertSame(store, db => db.Hospitals.Where(h => h.Id.StartsWith($"H{tag}")), s => s.ReadWhereInAsync<HospitalRow>("Id", [.. hospitals.Select(h => h.Id), missing], default), 2);
            await AssertSame(store, db => db.Members.Where(m => m.Id.StartsWith($"M{tag}")), s => s.ReadWhereInAsync<MemberRow>("Id", [.. members.Select(m => m.Id), missing], default), 2);
            await AssertSame(store, db => db.MemberCategories.Where(c => c.MemberId.StartsWith($"M{tag}")), s => s.ReadWhereInAsync<MemberCategoryRow>("MemberId", [.. members.Select(m => m.Id)], default), 2);
            await AssertSame(store, db => db.Settlements.Where(x => x.Id.StartsWith($"S{tag}")), s => s.ReadWhereInAsync<SettlementRow>("Id", [.. settlements.Select(x => x.Id)], default), 2);
            await AssertSame(store, db => db.Voids.Where(v => v.SettlementId.StartsWith($"S{tag}")), s => s.ReadWhereInAsync<VoidRow>("SettlementId", [.. settlements.Select(x => x.Id)], default), 1);
            await AssertSame(store, db => db.Accumulators.Where(a => a.MemberId.StartsWith($"M{tag}")), s => s.ReadWhereInAsync<AccumulatorRow>("MemberId", [$"M{tag}1", $"M{tag}2·成员"], default), 2);

            // Pairs: each row's own pair, the same pair twice, and a crossing (one row's hospital with another's visit or key).
            var admissions = RowWriterTests.Admissions(tag);
            await AssertSame(store, db => db.Admissions.Where(a => a.MemberId == $"M{tag}"),
                s => s.ReadWherePairsAsync<AdmissionRow>("HospitalId", "VisitNo", [.. admissions.Select(a => (a.HospitalId, a.VisitNo)), (admissions[0].HospitalId, admissions[0].VisitNo), ("H-NK-L3", admissions[1].VisitNo)], default), 2);
            await AssertSame(store, db => db.Settlements.Where(x => x.Id.StartsWith($"S{tag}")),
                s => s.ReadWherePairsAsync<SettlementRow>("HospitalId", "VisitNo", [.. settlements.Select(x => (x.HospitalId, x.VisitNo))], default), 2);
            var keys = RowWriterTests.IdempotencyKeys(tag);
            await AssertSame(store, db => db.IdempotencyKeys.Where(k => k.SettlementId.StartsWith($"S{tag}")),
                s => s.ReadWherePairsAsync<IdempotencyRow>("HospitalId", "Key", [.. keys.Select(k => (k.HospitalId, k.Key)), ("H-NK-L3", keys[0].Key)], default), 2);
        }
    }

    /// <summary>
    /// The pairs travel as one JSON parameter, so every character JSON escapes must come back out of the database's JSON
    /// functions as it went in, and a pair must match only itself, not the crossing of two pairs.
    /// </summary>
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task ReadWherePairs_FindsExactlyTheGivenPairs_WhateverCharactersTheyHold(Provider provider)
    {
        var api = fixture.For(provider);
        var tag = TestIds.Unique("p");
        string[] visits = [$"南康·住院😷{tag}", $"'\"\\/<&>+`\t{tag}", $"V{tag}", $"v{tag}"];
        AdmissionRow Admission(string hospital, string visit) => new()
        {
            Id = $"A{Guid.NewGuid():N}", HospitalId = hospital, VisitNo = visit, MemberId = $"M{tag}", AdmittedOn = new DateOnly(2020, 1, 1),
            CreatedAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        var rows = new[]
        {
            Admission("H-NK-L2", visits[0]), Admission("H-NK-L3", visits[1]), Admission("H-NK-L2", visits[1]), Admission("H-NK-L3", visits[2]),
            Admission("H-NK-L2", visits[3]),
        };
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IHealthStore>();
            await using var tx = await store.BeginWriteAsync(CancellationToken.None);
            await store.InsertAsync(rows, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }

        // Asked: the first three rows' pairs, H-NK-L2 with visits[2] (each half exists, not together), a pair asked twice.
        (string, string)[] asked = [("H-NK-L2", visits[0]), ("H-NK-L3", visits[1]), ("H-NK-L2", visits[1]), ("H-NK-L2", visits[2]), ("H-NK-L2", visits[0])];
        var found = await api.WithDb(async db => (await db.ReadWherePairsAsync<AdmissionRow>("HospitalId", "VisitNo", asked, default)).Select(a => a.Id).ToList());
        var foundOneByOne = new List<int>();
        foreach (var pair in asked)
        {
            foundOneByOne.Add(await api.WithDb(async db => (await db.ReadWherePairsAsync<AdmissionRow>("HospitalId", "VisitNo", [pair], default)).Count));
        }

        Assert.Equal(rows[..3].Select(r => r.Id).Order(), found.Order());
        Assert.Equal([1, 1, 1, 0, 1], foundOneByOne);
    }

    /// <summary>
    /// The writer's existence check of members reads their ids alone: the ids asked for that exist, each once, whatever
    /// characters they hold, and none that do not exist (a prefix of two of them) or were not asked for.
    /// </summary>
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task ReadExisting_ReturnsExactlyTheIdsThatExist(Provider provider)
    {
        var api = fixture.For(provider);
        var tag = TestIds.Unique("re");
        var members = new[] { Member($"M{tag}·成员'\"1"), Member($"M{tag}a"), Member($"M{tag}a2") };
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IHealthStore>();
            await using var tx = await store.BeginWriteAsync(CancellationToken.None);
            await store.InsertAsync(members, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }

        string[] asked = [members[0].Id, members[1].Id, members[0].Id, $"M{tag}", $"absent-{tag}"];
        var found = await api.WithDb(db => db.ReadExistingAsync<MemberRow>(nameof(MemberRow.Id), asked, default));
        var none = await api.WithDb(db => db.ReadExistingAsync<MemberRow>(nameof(MemberRow.Id), [$"absent-{tag}"], default));

        Assert.Equal(new[] { members[0].Id, members[1].Id }.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Empty(none);
    }

    /// <summary>The reader's rows equal EF Core's for the same rows, every mapped property, in any order; <paramref name="count"/> of them.</summary>
    private static async Task AssertSame<T>(HealthDbContext store, Func<HealthDbContext, IQueryable<T>> expected, Func<HealthDbContext, Task<List<T>>> read, int count)
        where T : class
    {
        var model = ((DbContext)store).Model.FindEntityType(typeof(T))!;
        var want = (await expected(store).AsNoTracking().ToListAsync()).Select(r => Describe(model, r)).Order(StringComparer.Ordinal).ToList();
        var got = (await read(store)).Select(r => Describe(model, r)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(count, want.Count);
        Assert.Equal(want, got);
    }

    private static string Describe(IEntityType model, object row) =>
        string.Join('\n', model.GetProperties().Select(p => $"{p.Name} = {RowWriterTests.Text(p.PropertyInfo!.GetValue(row))}"));

    private static HospitalRow Hospital(string id, int level, Region region, bool designated) => new()
    {
        Id = id, Name = $"南康 {id} 'x'", Level = level, Region = region, Designated = designated,
        UpdatedAt = new DateTime(2026, 11, 29, 14, 3, 7, DateTimeKind.Utc).AddTicks(1_234_560),
    };

    private static MemberRow Member(string id) => new()
    {
        Id = id, NationalIdLookup = $"lookup-{id}", NationalIdCipher = "c", NationalIdMasked = "3607**********0012", NameCipher = "n",
        BirthDate = new DateOnly(1950, 2, 28), Sex = "F", Township = "唐江镇", Village = "卢屋村", UpdatedAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };
}
