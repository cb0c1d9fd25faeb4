using System.Globalization;
using System.Text;
using System.Text.Json;
using Nankang.Health.Cli;

namespace Nankang.Health.LoadGen;

/// <summary>What the server acknowledged for one idempotency key: the settlement id and amounts of its 200/201 answer.</summary>
public sealed record Ack(string Key, int Status, string SettlementId, long TotalCost, long[] Payments, long PatientPays)
{
    public static readonly string[] PaymentKeys =
        ["basicInsurance", "seriousIllnessInsurance", "supplementaryInsurance", "medicalAssistance", "specialReliefTopUp", "specialReliefHighCost"];

    /// <summary>The acknowledgement in a settlement's JSON (the answer of POST, an item of the list).</summary>
    public static Ack FromJson(string key, int status, JsonElement s)
    {
        var payments = s.GetProperty("payments");
        return new Ack(key, status, s.GetProperty("settlementId").GetString()!, Fen(s.GetProperty("totalCost")),
            [.. PaymentKeys.Select(k => Fen(payments.GetProperty(k)))], Fen(s.GetProperty("patientPays")));
    }

    public static long Fen(JsonElement e) => (long)(e.GetDecimal() * 100);

    /// <summary>Same settlement and the same amounts (the status may differ: 201 first, 200 on a re-send).</summary>
    public bool SameAs(Ack other) =>
        SettlementId == other.SettlementId && TotalCost == other.TotalCost && PatientPays == other.PatientPays && Payments.SequenceEqual(other.Payments);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{SettlementId} total {TotalCost} patient {PatientPays} payments {string.Join(',', Payments)}");
}

/// <summary>A request the log says was sent: its key, admission index, visit and exact body.</summary>
public sealed record SentRequest(string Key, int Index, string HospitalId, string VisitNo, byte[] Body);

/// <summary>
/// <c>--ack-log FILE</c>: one tab-separated line per settlement request, appended as it happens —
/// <c>sent KEY INDEX HOSPITAL VISIT BODY</c> before the request goes out, <c>ack KEY STATUS ID TOTAL PATIENT P1,..,P6</c>
/// (amounts in fen) once it is answered 200 or 201. Each line is written through to the operating system at once, so a
/// crash of the server (or of this process) never loses an acknowledged line; a torn last line is ignored on reading.
/// The log is appended to (only a torn last line is cut off): a re-send adds its own lines.
/// </summary>
public sealed class AckLog : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _lock = new();

    public AckLog(string path)
    {
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);

        // A torn last line (a writer killed in the middle of it) is cut off, so that the next line starts on a line of its own.
        var end = _file.Length;
        var b = new byte[1];
        while (end > 0)
        {
            _file.Position = end - 1;
            _file.ReadExactly(b);
            if (b[0] == (byte)'\n')
            {
                break;
            }

            end--;
        }

        _file.SetLength(end);
        _file.Position = end;
    }

    public void Sent(string key, int index, string hospitalId, string visitNo, byte[] body)
    {
        // The body is compact JSON (Utf8JsonWriter escapes control characters): no tab or newline inside.
        Write($"sent\t{key}\t{index.ToString(CultureInfo.InvariantCulture)}\t{hospitalId}\t{visitNo}\t{Encoding.UTF8.GetString(body)}");
    }

    public void Acknowledged(Ack ack) => Write(string.Create(CultureInfo.InvariantCulture,
        $"ack\t{ack.Key}\t{ack.Status}\t{ack.SettlementId}\t{ack.TotalCost}\t{ack.PatientPays}\t{string.Join(',', ack.Payments)}"));

    private void Write(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_lock)
        {
            // Unbuffered: one write(2) per line, in the kernel's page cache before the request is sent or the answer counted.
            _file.Write(bytes);
        }
    }

    public void Dispose() => _file.Dispose();

    /// <summary>The requests and acknowledgements of a log, by key (the first sent line of a key; every ack of it, in order).</summary>
    public static (Dictionary<string, SentRequest> Sent, Dictionary<string, List<Ack>> Acks) Read(string path)
    {
        var sent = new Dictionary<string, SentRequest>();
        var acks = new Dictionary<string, List<Ack>>();
        var text = File.ReadAllText(path, Encoding.UTF8);
        var lines = text.Split('\n');

        // A line without its newline is the torn end of a killed writer: not read.
        foreach (var line in lines.Take(lines.Length - 1))
        {
            var f = line.Split('\t');
            switch (f[0])
            {
                case "sent" when f.Length == 6:
                    sent.TryAdd(f[1], new SentRequest(f[1], int.Parse(f[2], CultureInfo.InvariantCulture), f[3], f[4], Encoding.UTF8.GetBytes(f[5])));
                    break;
                case "ack" when f.Length == 7:
                    var ack = new Ack(f[1], int.Parse(f[2], CultureInfo.InvariantCulture), f[3], long.Parse(f[4], CultureInfo.InvariantCulture),
                        [.. f[6].Split(',').Select(p => long.Parse(p, CultureInfo.InvariantCulture))], long.Parse(f[5], CultureInfo.InvariantCulture));
                    if (!acks.TryGetValue(f[1], out var list))
                    {
                        acks[f[1]] = list = [];
                    }

                    list.Add(ack);
                    break;
                default:
                    throw new UsageException($"{path}: not an acknowledgement log line: '{(line.Length > 60 ? line[..60] + "…" : line)}'");
            }
        }

        return (sent, acks);
    }
}
