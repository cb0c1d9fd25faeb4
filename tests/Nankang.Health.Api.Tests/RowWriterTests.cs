using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Nankang.Health.Application.Data;
using Nankang.Health.Persistence;
using Nankang.Health.Settlement;

namespace Nankang.Health.Api.Tests;

/// <summary>
/// The settle path's writes (<see cref="IHealthStore.InsertAsync{T}"/>, <see cref="IHealthStore.UpdateAsync{T}"/>), for every
/// table it writes: what they store reads back through EF Core unchanged, and is stored exactly as EF Core's SaveChanges
/// stores it (on SQLite the same storage class and the same text), so queries — month ranges on date-times, string
/// comparisons — see rows written either way alike.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RowWriterTests(IsolatedApiFixture fixture) : IClassFixture<IsolatedApiFixture>
{
    /// <summary>Text with what a binding can get wrong: CJK, a character outside the BMP, quotes, a backslash, LIKE wildcards.</summary>
    private const string Awkward = "南康·住院😷'\"\\%_";

    /// <summary>The last microsecond of May 2020, and June's first instant: the two sides of a statement's month boundary.</summary>
    private static readonly DateTime LastMicrosecondOfMay = new DateTime(2020, 6, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-10);

    private static readonly DateTime FirstOfJune = new(2020, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A tenth of a second exactly: its text has one fractional digit (FFFFFFF drops trailing zeros).</summary>
    private static readonly DateTime TenthOfASecond = new DateTime(2026, 11, 29, 14, 3, 7, DateTimeKind.Utc).AddTicks(1_000_000);

    private static readonly DateTime SubSecond = new DateTime(2026, 11, 29, 14, 3, 7, DateTimeKind.Utc).AddTicks(1_234_560);

    /// <summary>2^53 + 1: not representable as a double, so a value bound through a floating-point type would come back changed.</summary>
    private const long BeyondDouble = 9_007_199_254_740_993;

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task InsertAsync_Admissions_ReadBackUnchanged_AndStoredAsSaveChangesStoresThem(Provider provider) =>
        await AssertInsertedFaithfully(provider, Admissions, nameof(AdmissionRow.Id));

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task InsertAsync_Settlements_ReadBackUnchanged_AndStoredAsSaveChangesStoresThem(Provider provider) =>
        await AssertInsertedFaithfully(provider, Settlements, nameof(SettlementRow.Id));

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task InsertAsync_LedgerEntries_ReadBackUnchanged_AndStoredAsSaveChangesStoresThem(Provider provider) =>
        await AssertInsertedFaithfully(provider, LedgerEntries, nameof(LedgerEntryRow.SettlementId));

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task InsertAsync_Accumulators_ReadBackUnchanged_AndStoredAsSaveChangesStoresThem(Provider provider) =>
        await AssertInsertedFaithfully(provider, Accumulators, nameof(AccumulatorRow.MemberId));

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task InsertAsync_IdempotencyKeys_ReadBackUnchanged_AndStoredAsSaveChangesStoresThem(Provider provider) =>
        await AssertInsertedFaithfully(provider, IdempotencyKeys, nameof(IdempotencyRow.Key));

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task InsertAsync_AuditRows_ReadBackUnchanged_AndStoredAsSaveChangesStoresThem(Provider provider) =>
        await AssertInsertedFaithfully(provider, AuditRows, nameof(AuditRow.Target));

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task UpdateAsync_Accumulators_ChangesOnlyTheRowsGiven_ReadBackUnchanged_AndStoredAsSaveChangesStoresThem(Provider provider)
    {
        var api = fixture.For(provider);
        var model = await api.WithDb(db => Task.FromResult(db.Model.FindEntityType(typeof(AccumulatorRow))!));

        // Three rows booked, two of them changed in every non-key column: the third must stay as it was.
        var rows = Accumulators(TestIds.Unique("u"));
        var untouched = new AccumulatorRow { MemberId = rows[0].MemberId + "x", Year = rows[0].Year, ClaimCount = 7, UpdatedAt = SubSecond };
        await InTransaction(api, store => store.InsertAsync([.. rows, untouched], CancellationToken.None), commit: true);
        foreach (var row in rows)
        {
            ChangeEveryColumn(row);
        }

        await InTransaction(api, store => store.UpdateAsync(rows, CancellationToken.None), commit: true);

        var stored = await api.WithDb(db => db.Accumulators.AsNoTracking().ToListAsync());
        foreach (var row in rows.Append(untouched))
        {
            var back = Assert.Single(stored, s => s.MemberId == row.MemberId && s.Year == row.Year);
            Assert.Equal(Describe(model, row), Describe(model, back));
        }

        // The same update through the writer and through change tracking, each rolled back: the stored values must agree.
        var tag = TestIds.Unique("u");
        var viaWriter = await InTransaction(api, async store =>
        {
            var inserted = Accumulators(tag);
            await store.InsertAsync(inserted, CancellationToken.None);
            var changed = Accumulators(tag);
            foreach (var row in changed)
            {
                ChangeEveryColumn(row);
            }

            await store.UpdateAsync(changed, CancellationToken.None);
            return await StoredText((HealthDbContext)store, provider, model, nameof(AccumulatorRow.MemberId), changed);
        }, commit: false);
        var viaSaveChanges = await InTransaction(api, async store =>
        {
            var db = (HealthDbContext)store;
            var tracked = Accumulators(tag);
            db.AddRange(tracked);
            await db.SaveChangesAsync();
            foreach (var row in tracked)
            {
                ChangeEveryColumn(row);
            }

            await db.SaveChangesAsync();
            return await StoredText(db, provider, model, nameof(AccumulatorRow.MemberId), tracked);
        }, commit: false);
        Assert.Equal(viaSaveChanges, viaWriter);
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task InsertAndUpdate_MoreRowsThanOneCommandCarries_EveryRowWrittenOnce_SettlementsNumberedInTheGivenOrder(Provider provider)
    {
        var api = fixture.For(provider);
        var model = await api.WithDb(db => Task.FromResult((Settlement: db.Model.FindEntityType(typeof(SettlementRow))!, Accumulator: db.Model.FindEntityType(typeof(AccumulatorRow))!)));

        // More rows than a full batch of the writer, and than one command carries on PostgreSQL (2,000 parameters: 57
        // settlements of 35 columns, 181 accumulator updates of 11): 300 settlements, 400 accumulators.
        var settlements = Enumerable.Range(0, 150).SelectMany(_ => Settlements(TestIds.Unique("m"))).ToArray();
        var accumulators = Enumerable.Range(0, 200).SelectMany(_ => Accumulators(TestIds.Unique("m"))).ToArray();
        await InTransaction(api, async store =>
        {
            await store.InsertAsync(settlements, CancellationToken.None);
            await store.InsertAsync(accumulators, CancellationToken.None);
        }, commit: true);
        foreach (var row in accumulators)
        {
            ChangeEveryColumn(row);
        }

        await InTransaction(api, store => store.UpdateAsync(accumulators, CancellationToken.None), commit: true);

        var ids = settlements.Select(s => s.Id).ToHashSet();
        var members = accumulators.Select(a => a.MemberId).ToHashSet();
        var (storedSettlements, storedAccumulators) = await api.WithDb(async db => (
            (await db.Settlements.AsNoTracking().OrderBy(s => s.Seq).ToListAsync()).Where(s => ids.Contains(s.Id)).ToList(),
            (await db.Accumulators.AsNoTracking().ToListAsync()).Where(a => members.Contains(a.MemberId)).ToDictionary(a => a.MemberId)));
        Assert.Equal(settlements.Select(s => s.Id), storedSettlements.Select(s => s.Id));
        Assert.Equal(settlements.Select(s => Describe(model.Settlement, s)), storedSettlements.Select(s => Describe(model.Settlement, s)));
        Assert.Equal(accumulators.Length, storedAccumulators.Count);
        Assert.All(accumulators, a => Assert.Equal(Describe(model.Accumulator, a), Describe(model.Accumulator, storedAccumulators[a.MemberId])));
    }

    [Theory]
    [MemberData(nameof(ApiFactory.Providers), MemberType = typeof(ApiFactory))]
    public async Task InsertAsync_DuplicateKeyOrVisit_DbUpdateExceptionThatIsAUniqueViolation_AndTheTransactionWritesNothing(Provider provider)
    {
        var api = fixture.For(provider);
        var tag = TestIds.Unique("d");
        var key = IdempotencyKeys(tag)[0];
        var admission = Admissions(tag)[0];
        await InTransaction(api, async store =>
        {
            await store.InsertAsync([key], CancellationToken.None);
            await store.InsertAsync([admission], CancellationToken.None);
        }, commit: true);

        // Each attempt writes an innocent admission first, which the failed transaction must take with it.
        var innocent = new List<string>();
        async Task<(DbUpdateException Error, bool Unique)> Attempt<T>(T[] rows)
            where T : class
        {
            var before = Admissions(TestIds.Unique("i"))[1];
            innocent.Add(before.Id);
            await using var scope = api.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IHealthStore>();
            await using var tx = await store.BeginWriteAsync(CancellationToken.None);
            await store.InsertAsync([before], CancellationToken.None);
            var e = await Assert.ThrowsAsync<DbUpdateException>(() => store.InsertAsync(rows, CancellationToken.None));
            return (e, store.IsUniqueViolation(e));
        }

        var sameKey = IdempotencyKeys(tag)[0];
        sameKey.SettlementId = "S-other";
        var sameVisit = Admissions(tag)[0];
        sameVisit.Id += "-other";
        var twiceInOneCall = IdempotencyKeys(TestIds.Unique("d"))[0];
        var missingVisitNo = Admissions(TestIds.Unique("d"))[0];
        missingVisitNo.VisitNo = null!;

        var keyTaken = await Attempt([sameKey]);
        var visitTaken = await Attempt([sameVisit]);
        var keyTwice = await Attempt([twiceInOneCall, twiceInOneCall]);
        var notNull = await Attempt([missingVisitNo]);

        Assert.True(keyTaken.Unique, keyTaken.Error.ToString());
        Assert.True(visitTaken.Unique, visitTaken.Error.ToString());
        Assert.True(keyTwice.Unique, keyTwice.Error.ToString());
        Assert.False(notNull.Unique, notNull.Error.ToString());
        var (keys, admissions) = await api.WithDb(async db => (
            await db.IdempotencyKeys.AsNoTracking().Where(k => k.Key == key.Key || k.Key == twiceInOneCall.Key).ToListAsync(),
            await db.Admissions.AsNoTracking().Where(a => a.HospitalId == admission.HospitalId).ToListAsync()));
        Assert.Equal(key.SettlementId, Assert.Single(keys).SettlementId);
        Assert.Equal(admission.Id, Assert.Single(admissions, a => a.VisitNo == admission.VisitNo).Id);
        Assert.DoesNotContain(admissions, a => innocent.Contains(a.Id));
    }

    /// <summary>
    /// Inserts <paramref name="make"/>'s rows with the row writer and reads them back with EF Core, property by property; then
    /// writes one more set of the same rows once with the row writer and once with SaveChanges, each in a transaction rolled
    /// back, and compares what the database stored, column by column (all but a store-generated key).
    /// </summary>
    private async Task AssertInsertedFaithfully<T>(Provider provider, Func<string, T[]> make, string identity)
        where T : class
    {
        var api = fixture.For(provider);
        var model = await api.WithDb(db => Task.FromResult(db.Model.FindEntityType(typeof(T))!));
        var identityOf = model.FindProperty(identity)!;

        var rows = make(TestIds.Unique("r"));
        await InTransaction(api, store => store.InsertAsync(rows, CancellationToken.None), commit: true);
        var stored = await api.WithDb(db => db.Set<T>().AsNoTracking().ToListAsync());
        foreach (var row in rows)
        {
            var back = Assert.Single(stored, s => Equals(ValueOf(identityOf, s), ValueOf(identityOf, row)));
            Assert.Equal(Describe(model, row), Describe(model, back));
        }

        var tag = TestIds.Unique("t");
        var viaWriter = await InTransaction(api, async store =>
        {
            var inserted = make(tag);
            await store.InsertAsync(inserted, CancellationToken.None);
            return await StoredText((HealthDbContext)store, provider, model, identity, inserted);
        }, commit: false);
        var viaSaveChanges = await InTransaction(api, async store =>
        {
            var db = (HealthDbContext)store;
            var added = make(tag);
            db.AddRange(added);
            await db.SaveChangesAsync();
            return await StoredText(db, provider, model, identity, added);
        }, commit: false);
        Assert.Equal(viaSaveChanges, viaWriter);
    }

    private static async Task<TResult> InTransaction<TResult>(ApiFactory api, Func<IHealthStore, Task<TResult>> work, bool commit)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IHealthStore>();
        await using var tx = await store.BeginWriteAsync(CancellationToken.None);
        var result = await work(store);
        if (commit)
        {
            await tx.CommitAsync(CancellationToken.None);
        }

        return result;
    }

    private static Task InTransaction(ApiFactory api, Func<IHealthStore, Task> work, bool commit) =>
        InTransaction(api, async store =>
        {
            await work(store);
            return true;
        }, commit);

    /// <summary>
    /// The stored form of each row's columns, read with plain SQL in the store's transaction: on SQLite the storage class
    /// (<c>typeof</c>) and the value as stored, on PostgreSQL the column type and the value as text.
    /// </summary>
    private static async Task<List<string>> StoredText<T>(HealthDbContext db, Provider provider, IEntityType model, string identity, IEnumerable<T> rows)
        where T : class
    {
        var columns = Columns(model).Select(p => p.GetColumnName()).ToList();
        var select = string.Join(", ", columns.Select(c => provider == Provider.Sqlite ? $"typeof(\"{c}\"), \"{c}\"" : $"pg_typeof(\"{c}\")::text, \"{c}\"::text"));
        var identityOf = model.FindProperty(identity)!;
        var text = new List<string>();
        foreach (var row in rows)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            command.CommandText = $"SELECT {select} FROM \"{model.GetTableName()}\" WHERE \"{identityOf.GetColumnName()}\" = @id";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@id";
            parameter.Value = ValueOf(identityOf, row);
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"{model.GetTableName()}: no row {parameter.Value}");
            for (var i = 0; i < columns.Count; i++)
            {
                var value = reader.GetValue((2 * i) + 1);
                text.Add($"{columns[i]}: {reader.GetString(2 * i)} {(value is DBNull ? "NULL" : Convert.ToString(value, CultureInfo.InvariantCulture))}");
            }

            Assert.False(await reader.ReadAsync(), $"{model.GetTableName()}: more than one row {parameter.Value}");
        }

        return text;
    }

    /// <summary>Every property but a store-generated key (which the row writer leaves to the database), as the row writer sees them.</summary>
    private static IEnumerable<IProperty> Columns(IEntityType model) =>
        model.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated.HasFlag(ValueGenerated.OnAdd)));

    /// <summary>
    /// The row's properties, one per line, exactly: date-times to the tick (their kind aside: SQLite reads them back as
    /// unspecified), enums by name and number.
    /// </summary>
    private static string Describe(IEntityType model, object row) =>
        string.Join('\n', Columns(model).Select(p => $"{p.Name} = {Text(ValueOf(p, row))}"));

    internal static string Text(object? value) => value switch
    {
        null => "null",
        DateTime at => at.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.fffffff", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture),
        string s => $"\"{s}\"",
        Enum e => $"{e} ({Convert.ToInt64(e, CultureInfo.InvariantCulture)})",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static object? ValueOf(IProperty property, object row) => property.PropertyInfo!.GetValue(row);

    internal static AdmissionRow[] Admissions(string tag) =>
    [
        new() { Id = $"A{tag}1", HospitalId = "H-NK-L2", VisitNo = $"{Awkward}{tag}", MemberId = $"M{tag}", AdmittedOn = new DateOnly(2020, 2, 29), CreatedAt = LastMicrosecondOfMay },
        new() { Id = $"A{tag}2", HospitalId = "H-NK-L2", VisitNo = $"V{tag}", MemberId = $"M{tag}", AdmittedOn = new DateOnly(1999, 12, 31), CreatedAt = FirstOfJune },
    ];

    internal static SettlementRow[] Settlements(string tag) =>
    [
        new()
        {
            Id = $"S{tag}1", HospitalId = "H-NK-L3", VisitNo = $"{Awkward}{tag}", MemberId = $"M{tag}", AdmissionId = $"A{tag}1", Year = 2020,
            PolicyVersion = "nankang-2020", BookedAt = LastMicrosecondOfMay, KeyId = "key-😷", AdmittedOn = new DateOnly(2020, 5, 1),
            DischargedOn = new DateOnly(2020, 5, 31), Categories = CategorySet.RegisteredPoor | CategorySet.Tekun, HospitalLevel = 3,
            HospitalRegion = Region.OutOfProvince, HospitalDesignated = true, Referred = false, InsuranceApplicable = false,
            NotApplicableReason = $"未转诊 {Awkward}", DiagnosesJson = "[\"I63.9\",\"脑梗死\"]", FeesJson = "[{\"class\":\"A\",\"amount\":1}]",
            LinesJson = $"[{{\"explanation\":\"{Awkward.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}]",
            TotalCost = long.MaxValue, InScope = BeyondDouble, PreSelfPay = -1, OutOfScope = 0, OverLimit = long.MinValue,
            BasicInsurance = 123_456_789_012, SeriousIllnessInsurance = -BeyondDouble, SupplementaryInsurance = 1, MedicalAssistance = 2,
            SpecialReliefTopUp = 3, SpecialReliefHighCost = 4, PatientPays = 5, ReimbursementRatioBp = 9_000,
            AccumulatorsAfterJson = "{\"memberId\":\"成员\"}",
        },
        new()
        {
            Id = $"S{tag}2", HospitalId = "H-NK-L2", VisitNo = $"V{tag}", MemberId = $"M{tag}", AdmissionId = $"A{tag}2", Year = 2021,
            PolicyVersion = "nankang-2021", BookedAt = FirstOfJune, KeyId = "k", AdmittedOn = new DateOnly(2021, 1, 1),
            DischargedOn = new DateOnly(2021, 12, 31), Categories = CategorySet.None, HospitalLevel = 1, HospitalRegion = Region.InDistrict,
            HospitalDesignated = false, Referred = true, InsuranceApplicable = true, NotApplicableReason = null, DiagnosesJson = "[]",
            FeesJson = "[]", LinesJson = "[]", ReimbursementRatioBp = 0, AccumulatorsAfterJson = "{}",
        },
    ];

    private static LedgerEntryRow[] LedgerEntries(string tag) =>
    [
        new()
        {
            Kind = LedgerEntryKind.Adjustment, SettlementId = $"S{tag}1", CausedBy = $"S{tag}0", HospitalId = "H-NK-L3", MemberId = $"M{tag}",
            Year = 2020, BookedAt = LastMicrosecondOfMay, KeyId = Awkward, BasicInsurance = long.MinValue, SeriousIllnessInsurance = long.MaxValue,
            SupplementaryInsurance = -BeyondDouble, MedicalAssistance = BeyondDouble, SpecialReliefTopUp = -1, SpecialReliefHighCost = 0, PatientPays = 1,
        },
        new()
        {
            Kind = LedgerEntryKind.Settlement, SettlementId = $"S{tag}2", CausedBy = null, HospitalId = "H-NK-L2", MemberId = $"M{tag}",
            Year = 2021, BookedAt = TenthOfASecond, KeyId = "k", PatientPays = 42,
        },
    ];

    internal static AccumulatorRow[] Accumulators(string tag) =>
    [
        new()
        {
            MemberId = $"M{tag}1", Year = 2020, ClaimCount = int.MaxValue, BasicPaid = long.MaxValue, SeriousIllnessBase = BeyondDouble,
            SeriousIllnessPaid = -BeyondDouble, SupplementaryPaid = long.MinValue, AssistancePaid = 1, SelfPayAfterTopUp = 0,
            HighCostReliefPaid = 123_456_789_012, PolicyVersion = $"what-if {Awkward}", PolicyThroughSeq = BeyondDouble, UpdatedAt = LastMicrosecondOfMay,
        },
        new() { MemberId = $"M{tag}2·成员", Year = 2021, UpdatedAt = FirstOfJune },
    ];

    /// <summary>Sets every non-key column of an accumulator row to another value (its date-time to sub-second microseconds).</summary>
    private static void ChangeEveryColumn(AccumulatorRow row)
    {
        row.ClaimCount += 1;
        row.BasicPaid = row.BasicPaid == long.MaxValue ? BeyondDouble : long.MaxValue;
        row.SeriousIllnessBase -= 3;
        row.SeriousIllnessPaid = 9_876_543_210;
        row.SupplementaryPaid = row.SupplementaryPaid == long.MinValue ? -1 : long.MinValue;
        row.AssistancePaid = -BeyondDouble;
        row.SelfPayAfterTopUp = 77;
        row.HighCostReliefPaid = 0;
        row.PolicyVersion = row.PolicyVersion is null ? "what-if-2020" : null;
        row.PolicyThroughSeq = row.PolicyThroughSeq is null ? long.MaxValue : null;
        row.UpdatedAt = row.UpdatedAt == SubSecond ? TenthOfASecond : SubSecond;
    }

    internal static IdempotencyRow[] IdempotencyKeys(string tag) =>
    [
        new()
        {
            HospitalId = "H-NK-L2", Key = $"{Awkward}{tag}", RequestHash = new string('a', 64), SettlementId = $"S{tag}1",
            ResponseJson = $"{{\"note\":\"旧版本的答复 😷\",\"tag\":\"{tag}\"}}", CreatedAt = LastMicrosecondOfMay,
        },
        new()
        {
            HospitalId = "H-NK-L3", Key = $"k{tag}", RequestHash = new string('0', 64), SettlementId = $"S{tag}2", ResponseJson = string.Empty,
            CreatedAt = FirstOfJune,
        },
    ];

    private static AuditRow[] AuditRows(string tag) =>
    [
        new() { At = LastMicrosecondOfMay, KeyId = "key-😷", Role = "Hospital", HospitalId = "H-NK-L2", Action = "settlement.create", Target = $"settlement:{Awkward}{tag}", Status = 201 },
        new() { At = SubSecond, KeyId = "bureau", Role = "Bureau", HospitalId = null, Action = "settlement.void", Target = $"settlement:S{tag}", Status = 409 },
    ];
}
