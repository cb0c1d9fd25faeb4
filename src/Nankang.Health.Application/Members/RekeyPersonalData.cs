using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;

namespace Nankang.Health.Application.Members;

/// <summary>What a re-keying pass did.</summary>
/// <param name="Rekeyed">Members whose national ID and name were re-encrypted and whose lookup hash was recomputed.</param>
/// <param name="ChangedMeanwhile">Members rewritten by someone else between this pass's read and its update, left as they were written.</param>
/// <param name="Remaining">Members still not under the current key when the pass ended (0 unless a server still writes with an old key).</param>
public sealed record RekeyTotals(int Rekeyed, int ChangedMeanwhile, int Remaining);

/// <summary>
/// The second half of a personal data key rotation (<see cref="PersonalDataProtector"/>): re-encrypts every member's
/// national ID and name under the current key and recomputes the lookup hash, in batches of its own transactions, by
/// ascending member id, so it can run while the service serves and can be run again after an interruption. A row is
/// updated only if it still holds what the pass read, so a member re-registered meanwhile (already under the current
/// key) is never overwritten with older data. Each batch adds one audit row.
/// </summary>
public sealed class RekeyPersonalData(Func<IHealthStore> openStore, PersonalDataProtector protector, TimeProvider clock)
{
    public static readonly Caller Cli = new("cli:rekey", CallerRole.Bureau, null);

    /// <summary>Members whose national ID or name is not yet under the current key.</summary>
    public async Task<int> CountDueAsync(CancellationToken ct)
    {
        await using var store = openStore();
        return await Due(store).CountAsync(ct);
    }

    public async Task<RekeyTotals> RunAsync(int batchSize, Action<int> progress, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var (rekeyed, changed) = (0, 0);
        string? after = null;
        while (true)
        {
            await using var store = openStore();
            var due = Due(store);
            if (after is not null)
            {
                due = due.Where(m => string.Compare(m.Id, after) > 0);
            }

            var batch = await due.OrderBy(m => m.Id).Take(batchSize)
                .Select(m => new { m.Id, m.NationalIdCipher, m.NameCipher }).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            await using var tx = await store.BeginWriteAsync(ct);
            foreach (var m in batch)
            {
                var nationalId = protector.Unprotect(m.NationalIdCipher);
                var idCipher = protector.Protect(nationalId);
                var nameCipher = protector.Protect(protector.Unprotect(m.NameCipher));
                var lookup = protector.LookupHash(nationalId);
                var updated = await store.Members
                    .Where(x => x.Id == m.Id && x.NationalIdCipher == m.NationalIdCipher && x.NameCipher == m.NameCipher)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(x => x.NationalIdCipher, idCipher)
                        .SetProperty(x => x.NameCipher, nameCipher)
                        .SetProperty(x => x.NationalIdLookup, lookup), ct);
                if (updated == 1)
                {
                    rekeyed++;
                }
                else
                {
                    changed++;
                }
            }

            Audit.Record(store, Cli, clock.GetUtcNow().UtcDateTime, "personal-data.rekey", $"members:{batch[0].Id}..{batch[^1].Id} to key {protector.CurrentKeyId}", 200);
            await store.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            after = batch[^1].Id;
            progress(batch.Count);
        }

        return new RekeyTotals(rekeyed, changed, await CountDueAsync(ct));
    }

    private IQueryable<MemberRow> Due(IHealthStore store)
    {
        var prefix = protector.CurrentPrefix;
        return store.Members.AsNoTracking().Where(m => !m.NationalIdCipher.StartsWith(prefix) || !m.NameCipher.StartsWith(prefix));
    }
}
