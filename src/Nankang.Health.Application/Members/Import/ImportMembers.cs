using System.Globalization;
using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Data.Queries;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Members.Import;

/// <summary>
/// Registers or replaces the members of a registry file (CSV or XLSX, docs/bureau.md), all or nothing (bureau only).
/// <paramref name="OpenFile"/> is called twice, once per pass, and must give the same bytes each time.
/// </summary>
public sealed record ImportMembers(Caller Caller, MemberFileFormat Format, Func<Stream> OpenFile, MemberImportProgress? Progress = null)
    : IRequest<Result<MemberImportResult>>;

/// <summary>What an import did: rows of the file, members created, replaced because a value differed, and left as they were.</summary>
public sealed record MemberImportResult(int Rows, int Created, int Changed, int Unchanged);

/// <summary>A bad row: its row number as a spreadsheet shows it (the header is row 1), the column (English header name) and why.</summary>
public sealed record MemberImportRowError(int Row, string Column, string Reason);

/// <summary>
/// Two passes over the file inside one write transaction. The first reads and checks every row as <c>PUT /members/{id}</c>
/// would (the same checks), plus what only a file can get wrong (a member id or national ID twice), and checks the national
/// IDs against the registry in chunks; any bad row and nothing is written: the answer lists the first
/// <see cref="MaxListedErrors"/> errors and the total. The second pass compares each row with the stored member
/// (lookup hash, decrypted name, the other fields, the category periods) and writes, per chunk of
/// <see cref="ChunkSize"/> rows, the new and changed members with their categories and one audit row each, through the
/// store's bulk insert and update; names and national IDs are encrypted in parallel. Only the chunk in hand is kept in
/// memory, besides the ids already seen, so a county's file (790,000 rows) fits in well under 1 GB.
/// </summary>
public sealed class ImportMembersHandler(IHealthStore store, PersonalDataProtector protector, TimeProvider clock)
    : IRequestHandler<ImportMembers, Result<MemberImportResult>>
{
    public const int MaxRows = 2_000_000;
    public const int MaxListedErrors = 100;
    private const int ChunkSize = 5_000;

    public async ValueTask<Result<MemberImportResult>> Handle(ImportMembers request, CancellationToken cancellationToken)
    {
        var progress = request.Progress ?? new MemberImportProgress();
        progress.Enter(MemberImportStage.Validating);
        await using var tx = await store.BeginWriteAsync(cancellationToken);
        try
        {
            var (rows, errors, errorCount) = await ValidateAsync(request, progress, cancellationToken);
            if (errorCount > 0)
            {
                progress.Enter(MemberImportStage.Rejected);
                return new Problem(422, "The file has bad rows; nothing was imported.", $"{errorCount} error(s) in the file; the first {errors.Count} are listed.",
                    Extensions: new Dictionary<string, object?> { ["rowErrors"] = errors, ["rowErrorCount"] = errorCount });
            }

            progress.Enter(MemberImportStage.Writing);
            var now = clock.GetUtcNow().UtcDateTime;
            var (created, changed) = (0, 0);
            using (var stream = request.OpenFile())
            {
                foreach (var chunk in Parsed(MemberFile.Read(stream, request.Format)).Chunk(ChunkSize))
                {
                    var (c, r) = await WriteChunkAsync(request.Caller, chunk, now, cancellationToken);
                    (created, changed) = (created + c, changed + r);
                    progress.Written(chunk.Length);
                }
            }

            var result = new MemberImportResult(rows, created, changed, rows - created - changed);
            Audit.Record(store, request.Caller, now, "member.import", $"members:{result.Created} created, {result.Changed} changed, {result.Unchanged} unchanged", 200);
            await store.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            progress.Enter(MemberImportStage.Done);
            return Result<MemberImportResult>.Ok(result);
        }
        catch (InvalidDataException e)
        {
            progress.Enter(MemberImportStage.Rejected);
            return Problem.Validation("file", e.Message);
        }
        catch (Exception e) when (store.IsUniqueViolation(e))
        {
            // A member registered by someone else between the check and the write took one of the file's national IDs.
            progress.Enter(MemberImportStage.Rejected);
            return Problem.Conflict("A national ID of the file was registered to another member meanwhile; nothing was imported.");
        }
    }

    /// <summary>The first pass: every row checked; the number of data rows, the listed errors and the total number of errors.</summary>
    private async Task<(int Rows, List<MemberImportRowError> Errors, int ErrorCount)> ValidateAsync(
        ImportMembers request, MemberImportProgress progress, CancellationToken ct)
    {
        var errors = new List<MemberImportRowError>();
        var errorCount = 0;
        void Fail(int row, MemberColumn column, string reason)
        {
            if (++errorCount <= MaxListedErrors)
            {
                errors.Add(new MemberImportRowError(row, MemberFile.NameOf(column), reason));
            }
        }

        var memberIds = new Dictionary<string, int>(StringComparer.Ordinal);

        // The first 17 digits fix the check character, so they identify a valid national ID: a long instead of a string.
        var nationalIds = new Dictionary<long, int>();
        var rows = 0;
        using var stream = request.OpenFile();
        foreach (var chunk in MemberFile.Read(stream, request.Format).Where(r => !r.IsBlank).Chunk(ChunkSize))
        {
            rows += chunk.Length;
            if (rows > MaxRows)
            {
                throw new InvalidDataException($"The file has more than {MaxRows:N0} rows.");
            }

            progress.Read(chunk.Length);
            var valid = new List<ParsedRow>(chunk.Length);
            foreach (var row in chunk)
            {
                var parsed = Parse(row, out var rowErrors);
                foreach (var (column, reason) in rowErrors)
                {
                    Fail(row.RowNumber, column, reason);
                }

                if (rowErrors.Count > 0)
                {
                    continue;
                }

                var ok = true;
                if (!memberIds.TryAdd(parsed.MemberId, row.RowNumber))
                {
                    Fail(row.RowNumber, MemberColumn.MemberId, $"member id {parsed.MemberId} is already in row {memberIds[parsed.MemberId]}.");
                    ok = false;
                }

                var key = long.Parse(parsed.NationalId.AsSpan(0, 17), CultureInfo.InvariantCulture);
                if (!nationalIds.TryAdd(key, row.RowNumber))
                {
                    Fail(row.RowNumber, MemberColumn.NationalId, $"the same national ID is already in row {nationalIds[key]}.");
                    ok = false;
                }

                if (ok)
                {
                    valid.Add(parsed);
                }
            }

            // A national ID held by another member of the registry: PUT answers 409, the import lists the row.
            var lookups = new (string Hash, ParsedRow Row)[valid.Count][];
            Parallel.For(0, valid.Count, i => lookups[i] = [.. protector.LookupHashes(valid[i].NationalId).Select(h => (h, valid[i]))]);
            var byLookup = lookups.SelectMany(l => l).ToDictionary(l => l.Hash, l => l.Row, StringComparer.Ordinal);
            var taken = 0;
            foreach (var holder in await store.ReadWhereInAsync<MemberRow>(nameof(MemberRow.NationalIdLookup), byLookup.Keys, ct))
            {
                var row = byLookup[holder.NationalIdLookup];
                if (holder.Id != row.MemberId)
                {
                    Fail(row.RowNumber, MemberColumn.NationalId, $"another member ({holder.Id}) already has this national ID.");
                    taken++;
                }
            }

            progress.Validated(valid.Count - taken);
        }

        return (rows, errors, errorCount);
    }

    /// <summary>The second pass: the rows are known valid, so a row that fails to parse now means the file changed between passes.</summary>
    private static IEnumerable<ParsedRow> Parsed(IEnumerable<MemberFileRow> rows)
    {
        foreach (var row in rows.Where(r => !r.IsBlank))
        {
            var parsed = Parse(row, out var errors);
            yield return errors.Count == 0 ? parsed : throw new InvalidDataException($"Row {row.RowNumber} changed while the file was imported.");
        }
    }

    private async Task<(int Created, int Changed)> WriteChunkAsync(Caller caller, ParsedRow[] chunk, DateTime now, CancellationToken ct)
    {
        var ids = chunk.Select(r => r.MemberId).ToList();
        var existing = (await store.ReadWhereInAsync<MemberRow>(nameof(MemberRow.Id), ids, ct)).ToDictionary(m => m.Id, StringComparer.Ordinal);
        var categories = (existing.Count == 0 ? [] : await store.ReadWhereInAsync<MemberCategoryRow>(nameof(MemberCategoryRow.MemberId), existing.Keys, ct))
            .ToLookup(c => c.MemberId, StringComparer.Ordinal);

        // Compare and encrypt in parallel: a row is null when its member is stored exactly as the file has it.
        var written = new MemberRow?[chunk.Length];
        Parallel.For(0, chunk.Length, i =>
        {
            var row = chunk[i];
            var stored = existing.GetValueOrDefault(row.MemberId);
            if (stored is not null && Same(stored, categories[row.MemberId], row))
            {
                return;
            }

            written[i] = new MemberRow
            {
                Id = row.MemberId,
                NationalIdLookup = protector.LookupHash(row.NationalId),
                NationalIdCipher = protector.Protect(row.NationalId),
                NationalIdMasked = NationalId.Mask(row.NationalId),
                NameCipher = protector.Protect(row.Name),
                BirthDate = row.BirthDate,
                Sex = row.Sex,
                Township = row.Township,
                Village = row.Village,
                UpdatedAt = now,
            };
        });

        var created = new List<MemberRow>();
        var changed = new List<MemberRow>();
        var newCategories = new List<MemberCategoryRow>();
        var audit = new List<AuditRow>();
        for (var i = 0; i < chunk.Length; i++)
        {
            if (written[i] is not { } member)
            {
                continue;
            }

            var isNew = !existing.ContainsKey(member.Id);
            (isNew ? created : changed).Add(member);
            newCategories.AddRange(chunk[i].Categories.Select(c => new MemberCategoryRow { MemberId = member.Id, Category = c.Category, From = c.From, To = c.To }));
            audit.Add(Audit.Row(caller, now, isNew ? "member.create" : "member.replace", $"member:{member.Id}", isNew ? 201 : 200));
        }

        if (changed.Count > 0)
        {
            // As PUT does: the changed member's category periods are replaced by the file's.
            var changedIds = changed.Select(m => m.Id).ToList();
            await store.MemberCategories.Where(c => changedIds.Contains(c.MemberId)).ExecuteDeleteAsync(ct);
            await store.UpdateAsync(changed, ct);
        }

        await store.InsertAsync(created, ct);
        await store.InsertAsync(newCategories, ct);
        await store.InsertAsync(audit, ct);
        return (created.Count, changed.Count);
    }

    /// <summary>Whether the stored member already holds exactly the row's values (under the current key).</summary>
    private bool Same(MemberRow stored, IEnumerable<MemberCategoryRow> storedCategories, ParsedRow row) =>
        stored.BirthDate == row.BirthDate
        && stored.Sex == row.Sex
        && stored.Township == row.Township
        && stored.Village == row.Village
        && stored.NationalIdLookup == protector.LookupHash(row.NationalId)
        && storedCategories.Select(c => new CategoryPeriod(c.Category, c.From, c.To)).Order(PeriodOrder.Instance)
            .SequenceEqual(row.Categories.Order(PeriodOrder.Instance))
        && protector.Unprotect(stored.NameCipher) == row.Name;

    /// <summary>
    /// A row's cells as a member, checked by <see cref="PutMemberHandler"/>'s own rules; each error names the column.
    /// Sex is M or F (男 or 女 accepted); dates are <c>yyyy-MM-dd</c> (or <c>yyyy/MM/dd</c>, or a date cell); categories as
    /// <see cref="CategoryCell"/> reads them.
    /// </summary>
    private static ParsedRow Parse(MemberFileRow row, out List<(MemberColumn Column, string Reason)> errors)
    {
        errors = [];
        var birthText = row[MemberColumn.BirthDate];
        DateOnly? birthDate = null;
        if (!string.IsNullOrEmpty(birthText))
        {
            birthDate = MemberFile.ParseDate(birthText);
            if (birthDate is null)
            {
                errors.Add((MemberColumn.BirthDate, $"'{birthText}' is not a date (yyyy-MM-dd)."));
            }
        }

        var sex = row[MemberColumn.Sex] switch
        {
            "男" => "M",
            "女" => "F",
            { } s => s.ToUpperInvariant(),
            null => null,
        };
        var periods = CategoryCell.Parse(row[MemberColumn.Categories], out var categoryError);
        if (categoryError is not null)
        {
            errors.Add((MemberColumn.Categories, categoryError));
        }

        var memberId = row[MemberColumn.MemberId] ?? string.Empty;
        var body = new MemberBody(row[MemberColumn.NationalId], row[MemberColumn.Name], birthDate, sex, row[MemberColumn.Township], row[MemberColumn.Village],
            [.. periods.Select(p => new CategoryPeriodDto(p.Category, p.From, p.To))]);
        foreach (var (path, message) in PutMemberHandler.Validate(memberId, body).Entries)
        {
            var column = ColumnOf(path);
            if (column == MemberColumn.BirthDate && birthText is { Length: > 0 })
            {
                continue;
            }

            errors.Add((column, column == MemberColumn.Categories ? $"{path} {message}" : message));
        }

        return new ParsedRow(
            row.RowNumber, memberId, body.NationalId?.ToUpperInvariant() ?? string.Empty, body.Name ?? string.Empty, birthDate ?? default, sex ?? string.Empty,
            body.Township ?? string.Empty, body.Village ?? string.Empty, periods);
    }

    private static MemberColumn ColumnOf(string path) => path switch
    {
        "memberId" => MemberColumn.MemberId,
        "nationalId" => MemberColumn.NationalId,
        "name" => MemberColumn.Name,
        "birthDate" => MemberColumn.BirthDate,
        "sex" => MemberColumn.Sex,
        "township" => MemberColumn.Township,
        "village" => MemberColumn.Village,
        _ => MemberColumn.Categories,
    };

    private sealed record ParsedRow(
        int RowNumber, string MemberId, string NationalId, string Name, DateOnly BirthDate, string Sex, string Township, string Village,
        IReadOnlyList<CategoryPeriod> Categories);

    private sealed class PeriodOrder : IComparer<CategoryPeriod>
    {
        public static readonly PeriodOrder Instance = new();

        public int Compare(CategoryPeriod x, CategoryPeriod y) =>
            x.Category != y.Category ? x.Category.CompareTo(y.Category)
            : x.From != y.From ? x.From.CompareTo(y.From)
            : Nullable.Compare(x.To, y.To);
    }
}
