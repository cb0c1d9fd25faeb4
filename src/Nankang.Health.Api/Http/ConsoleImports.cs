using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mediator;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Members.Import;

namespace Nankang.Health.Api.Http;

/// <summary>One registry import started from the console: who started it, its progress, and once finished its outcome.</summary>
public sealed class ConsoleImport(string id, string startedBy, string fileName)
{
    public string Id { get; } = id;

    public string StartedBy { get; } = startedBy;

    public string FileName { get; } = fileName;

    public MemberImportProgress Progress { get; } = new();

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Null while it runs.</summary>
    public Result<MemberImportResult>? Outcome { get; set; }
}

/// <summary>
/// Registry imports run in the background, so the console can show a large file's progress while it is read and written:
/// the upload is kept in a temporary file (the import reads it twice), the import runs in a scope of its own with the
/// same use case as <c>POST /members/import</c>, and the temporary file is deleted when it ends. Finished imports are
/// kept for an hour, for the person who started them to read the outcome.
/// </summary>
public sealed class ConsoleImports(IServiceScopeFactory scopes, ILogger<ConsoleImports> logger)
{
    private readonly ConcurrentDictionary<string, ConsoleImport> _imports = new(StringComparer.Ordinal);

    public ConsoleImport? Find(string id, Caller caller) =>
        _imports.TryGetValue(id, out var import) && import.StartedBy == caller.KeyId ? import : null;

    public async Task<ConsoleImport> StartAsync(Caller caller, MemberFileFormat format, IFormFile file, CancellationToken ct)
    {
        foreach (var old in _imports.Values.Where(i => i.Outcome is not null && i.StartedAt < DateTimeOffset.UtcNow.AddHours(-1)))
        {
            _imports.TryRemove(old.Id, out _);
        }

        var path = Path.Combine(Path.GetTempPath(), $"nankang-import-{Guid.NewGuid():N}");
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await file.CopyToAsync(target, ct);
        }

        var import = new ConsoleImport(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), caller.KeyId, Path.GetFileName(file.FileName));
        _imports[import.Id] = import;
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                import.Outcome = await mediator.Send(new ImportMembers(caller, format, () => File.OpenRead(path), import.Progress), CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Console import {ImportId} of {KeyId} failed", import.Id, caller.KeyId);
                import.Outcome = new Problem(500, "导入失败。", "服务器错误，未写入任何数据。");
            }
            finally
            {
                File.Delete(path);
            }
        }, CancellationToken.None);
        return import;
    }
}
