using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nankang.Health.Application.Data;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// <see cref="IHealthStore.ReadWherePairsAsync{T}"/>, the settle path's lookup of keys and visits by (hospital, key or visit number):
/// the pairs travel as one JSON parameter, so every character JSON escapes must come back out of the database's JSON
/// functions as it went in, and a pair must match only itself, not the crossing of two pairs.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WherePairsTests(IsolatedApiFixture fixture) : IClassFixture<IsolatedApiFixture>
{
    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task WherePairs_FindsExactlyTheGivenPairs_WhateverCharactersTheyHold(Provider provider)
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
}
