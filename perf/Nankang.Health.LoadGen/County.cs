using Bogus;
using Nankang.Health.Settlement;

namespace Nankang.Health.LoadGen;

/// <summary>A hospital of the generated county, with the share of admissions it draws.</summary>
public sealed record Hospital(string Id, string Name, int Level, Region Region, bool Designated, double Weight)
{
    public HospitalProfile Profile => new(Level, Region, Designated);
}

/// <summary>A resident; only those admitted are ever materialized.</summary>
public sealed record Resident(
    int Index, string MemberId, string NationalId, string Name, DateOnly BirthDate, string Sex, string Township, string Village,
    IReadOnlyList<CategoryPeriod> Categories);

/// <summary>One inpatient stay, as the hospital will send it at discharge.</summary>
public sealed record Admission(
    int Index, Resident Member, Hospital Hospital, string VisitNo, DateOnly AdmittedOn, DateOnly DischargedOn, bool Referred,
    bool InsuranceApplicable, string Diagnosis, IReadOnlyList<FeeLine> Fees)
{
    public string IdempotencyKey(string runId) => $"{runId}-{Index}";

    public Claim Claim => new(
        CategorySets.On(Member.Categories, DischargedOn), Hospital.Profile, DischargedOn, Referred, InsuranceApplicable, [.. Fees]);

    public long TotalCostFen => Fees.Sum(f => f.Amount.Fen);
}

/// <summary>
/// A reproducible county modelled on Nankang (赣州市南康区): per 790,000 residents about 60,000 registered poor, 15,000 dibao,
/// 3,000 tekun and 20,000 marginal households; about 40 hospitals from township health centres to out-of-province
/// tertiary hospitals, a few not designated; about 170,000 admissions a year with log-normal costs (mean near 10,000 yuan,
/// rare stays above 300,000), class A/B/C mixes, over-limit amounts, referrals and repeat admissions of the same people.
/// Everything follows from the seed: a resident from (seed, index), the admissions from one generator in order.
/// </summary>
public sealed class County
{
    public const int BaseResidents = 790_000;
    public const int BaseAdmissions = 170_000;

    private static readonly string[] Townships =
    [
        "蓉江街道", "东山街道", "唐江镇", "凤岗镇", "潭口镇", "龙岭镇", "龙回镇", "镜坝镇", "横市镇", "浮石乡", "赤土畲族乡",
        "横寨乡", "朱坊乡", "太窝乡", "三江乡", "大坪乡", "十八塘乡", "麻双乡", "坪市乡", "隆木乡", "光明乡",
    ];

    private static readonly string[] Diagnoses =
    [
        "I63.9", "J18.9", "I10", "E11.9", "K35.8", "N18.5", "C34.9", "S72.0", "O80", "J44.1", "I21.9", "K80.2", "I50.9", "C16.9",
        "M17.9", "N20.0", "K29.7", "J20.9", "G40.9", "C22.0",
    ];

    private readonly int _seed;
    private readonly string _runId;
    private readonly string _areaCode;
    private readonly Faker _faker = new("zh_CN");

    public County(int seed, string runId, int residents, int admissions, int year)
    {
        _seed = seed;
        _runId = runId;
        _areaCode = AreaCode(seed, runId);
        Year = year;
        ResidentCount = residents;
        Hospitals = MakeHospitals();
        Admissions = MakeAdmissions(admissions);
    }

    public static County Scaled(int seed, string runId, double scale, int year, int? residents = null, int? admissions = null) =>
        new(seed, runId, residents ?? (int)(BaseResidents * scale), admissions ?? (int)(BaseAdmissions * scale), year);

    public int Year { get; }

    public int ResidentCount { get; }

    public IReadOnlyList<Hospital> Hospitals { get; }

    /// <summary>The year's admissions in discharge order: the order in which they are settled.</summary>
    public IReadOnlyList<Admission> Admissions { get; }

    /// <summary>The residents admitted at least once, each once.</summary>
    public IReadOnlyList<Resident> AdmittedMembers => [.. Admissions.Select(a => a.Member).DistinctBy(m => m.Index).OrderBy(m => m.Index)];

    /// <summary>The resident of <paramref name="index"/>: the same for the same seed, whatever else is generated.</summary>
    public Resident Resident(int index)
    {
        var categories = CategoriesOf(index);

        // Unique national IDs by construction: the birth day is a bijection of index / 1000 within 33,000 days, the
        // sequence is index % 1000, whose parity gives the sex (odd for men, GB 11643). The area code follows from the
        // seed and the run id, so another run (other member ids) does not claim this run's national IDs in a shared database.
        var birth = new DateOnly(1925, 1, 1).AddDays((int)((long)(index / 1000) * 7919 % 33_000));
        var sex = index % 2 == 1 ? "M" : "F";
        var first17 = $"{_areaCode}{birth:yyyyMMdd}{index % 1000:000}";
        _faker.Random = new Randomizer(Mix(_seed, index, 2));
        var township = Townships[_faker.Random.Int(0, Townships.Length - 1)];
        return new Resident(
            index, $"{_runId}M{index:D8}", first17 + NationalIdCheck(first17), _faker.Name.LastName() + _faker.Name.FirstName(), birth, sex,
            township, $"{_faker.Name.LastName()}屋村", categories);
    }

    /// <summary>
    /// The categories of a resident. Shares per 790,000: RegisteredPoor 60,000 (7.6 %; one in eight also dibao, a few tekun),
    /// dibao 15,000, tekun 3,000, marginal 20,000; one dibao household in ten leaves dibao during the year.
    /// </summary>
    private List<CategoryPeriod> CategoriesOf(int index)
    {
        var r = new Random(Mix(_seed, index, 1));
        var categories = new List<CategoryPeriod>();
        var u = r.NextDouble();
        if (u < 0.0760)
        {
            categories.Add(new CategoryPeriod(Category.RegisteredPoor, new DateOnly(r.Next(2014, 2018), r.Next(1, 13), 1), null));
            if (r.NextDouble() < 0.12)
            {
                categories.Add(new CategoryPeriod(Category.Dibao, new DateOnly(r.Next(2015, 2020), r.Next(1, 13), 1), null));
            }
            else if (r.NextDouble() < 0.012)
            {
                categories.Add(new CategoryPeriod(Category.Tekun, new DateOnly(r.Next(2015, 2020), 1, 1), null));
            }
        }
        else if (u < 0.0760 + 0.0095)
        {
            var to = r.NextDouble() < 0.10 ? new DateOnly(Year, r.Next(3, 11), 28) : (DateOnly?)null;
            categories.Add(new CategoryPeriod(Category.Dibao, new DateOnly(r.Next(2016, 2020), r.Next(1, 13), 1), to));
        }
        else if (u < 0.0760 + 0.0095 + 0.0034)
        {
            categories.Add(new CategoryPeriod(Category.Tekun, new DateOnly(r.Next(2010, 2020), 1, 1), null));
        }
        else if (u < 0.0760 + 0.0095 + 0.0034 + 0.0253)
        {
            categories.Add(new CategoryPeriod(Category.Marginal, new DateOnly(2019, 1, 1), null));
        }

        return categories;
    }

    /// <summary>
    /// The six-digit area code of a run's national IDs: Jiangxi's 36 and four digits from the seed and the run id (one pair
    /// of runs in 10,000 draws the same code; give such a run another --run-id).
    /// </summary>
    public static string AreaCode(int seed, string runId)
    {
        // FNV-1a over the run id's UTF-16 code units: the same in every process, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in runId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return $"36{(uint)Mix(seed, unchecked((int)hash), 4) % 10_000:D4}";
    }

    /// <summary>A seed from (seed, index, stream) that is the same in every process (unlike <see cref="HashCode"/>): SplitMix64.</summary>
    private static int Mix(int seed, int index, int stream)
    {
        var z = unchecked(((ulong)(uint)seed << 32) ^ (uint)index ^ ((ulong)stream << 58)) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }

    public static char NationalIdCheck(string first17)
    {
        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * weights[i];
        }

        return "10X98765432"[sum % 11];
    }

    private static List<Hospital> MakeHospitals()
    {
        var list = new List<Hospital>
        {
            new("NK-RMYY", "南康区人民医院", 2, Region.InDistrict, true, 14),
            new("NK-ZYY", "南康区中医院", 2, Region.InDistrict, true, 8),
            new("NK-FYBJY", "南康区妇幼保健院", 2, Region.InDistrict, true, 5),
            new("NK-DEYY", "南康区第二人民医院", 2, Region.InDistrict, true, 5),
            new("NK-MY-KX", "南康康兴医院", 2, Region.InDistrict, true, 2),
            new("NK-MY-HX", "南康华新医院", 1, Region.InDistrict, false, 0.6),
            new("NK-MY-RA", "南康仁爱医院", 1, Region.InDistrict, false, 0.4),
            new("GZ-GYFY", "赣南医学院第一附属医院", 3, Region.InCity, true, 7),
            new("GZ-RMYY", "赣州市人民医院", 3, Region.InCity, true, 5),
            new("GZ-SLYY", "赣州市立医院", 3, Region.InCity, true, 2.5),
            new("GZ-ZYY", "赣州市中医院", 3, Region.InCity, true, 1.5),
            new("GZ-ZLYY", "赣州市肿瘤医院", 3, Region.InCity, true, 1),
            new("GZ-FYBJY", "赣州市妇幼保健院", 3, Region.InCity, true, 1),
            new("GZ-MY-HD", "赣州华东医院", 2, Region.InCity, false, 0.3),
            new("JX-SRMYY", "江西省人民医院", 3, Region.InProvince, true, 2),
            new("JX-NDYF", "南昌大学第一附属医院", 3, Region.InProvince, true, 2.5),
            new("JX-NDEF", "南昌大学第二附属医院", 3, Region.InProvince, true, 1.5),
            new("JX-ZLYY", "江西省肿瘤医院", 3, Region.InProvince, true, 1),
            new("GD-ZSYY", "中山大学附属第一医院", 3, Region.OutOfProvince, true, 1),
            new("HN-XYYY", "中南大学湘雅医院", 3, Region.OutOfProvince, true, 0.6),
            new("GD-SRMYY", "广东省人民医院", 3, Region.OutOfProvince, true, 0.5),
            new("SH-RJYY", "上海交通大学医学院附属瑞金医院", 3, Region.OutOfProvince, true, 0.2),
            new("BJ-XHYY", "北京协和医院", 3, Region.OutOfProvince, true, 0.2),
        };
        for (var i = 0; i < 17; i++)
        {
            // Township health centres (乡镇卫生院), level 1, in district.
            list.Add(new($"NK-WSY-{i + 1:00}", $"{Townships[i + 4]}卫生院", 1, Region.InDistrict, true, 2.2));
        }

        return list;
    }

    private List<Admission> MakeAdmissions(int count)
    {
        var r = new Randomizer(Mix(_seed, -1, 3));
        var admitted = new List<Resident>();
        var byIndex = new Dictionary<int, Resident>();
        var cumulative = new double[Hospitals.Count];
        var total = 0.0;
        for (var i = 0; i < Hospitals.Count; i++)
        {
            total += Hospitals[i].Weight;
            cumulative[i] = total;
        }

        var visitSeq = new int[Hospitals.Count];
        var yearStart = new DateOnly(Year, 1, 1);
        var yearDays = DateTime.IsLeapYear(Year) ? 366 : 365;
        var result = new List<Admission>(count);
        for (var a = 0; a < count; a++)
        {
            Resident member;
            if (admitted.Count > 0 && r.Double() < 0.22)
            {
                member = admitted[r.Int(0, admitted.Count - 1)];
            }
            else
            {
                while (true)
                {
                    var index = r.Int(0, ResidentCount - 1);
                    if (byIndex.TryGetValue(index, out member!))
                    {
                        break;
                    }

                    var set = CategorySets.On(CategoriesOf(index), yearStart.AddDays(180));

                    // The poor are admitted about three times as often as others.
                    if (r.Double() < (set.IsPoor() ? 1.0 : set.Has(Category.Marginal) ? 0.6 : 0.33))
                    {
                        member = Resident(index);
                        byIndex[index] = member;
                        admitted.Add(member);
                        break;
                    }
                }
            }

            var h = Array.BinarySearch(cumulative, r.Double() * total);
            var hospitalIndex = h < 0 ? ~h : h;
            var hospital = Hospitals[Math.Min(hospitalIndex, Hospitals.Count - 1)];
            var meanYuan = hospital switch
            {
                { Region: Region.OutOfProvince } => 38_000.0,
                { Level: 3 } => 20_500.0,
                { Level: 2 } => 7_800.0,
                _ => 3_100.0,
            };
            const double Sigma = 0.95;
            var mu = Math.Log(meanYuan) - (Sigma * Sigma / 2);
            var costYuan = Math.Clamp(Math.Exp(mu + (Sigma * Normal(r))), 150, 2_500_000);
            var los = Math.Clamp((int)Math.Round(Math.Exp(Math.Log(costYuan / 900.0) * 0.6) + r.Int(0, 3)), 1, 120);
            var admittedOn = yearStart.AddDays(r.Int(0, yearDays - 1));
            var dischargedOn = admittedOn.AddDays(los);
            if (dischargedOn.Year != Year)
            {
                dischargedOn = new DateOnly(Year, 12, 31);
                admittedOn = dischargedOn.AddDays(-Math.Min(los, dischargedOn.DayOfYear - 1));
            }

            var referred = hospital.Region != Region.InDistrict && r.Double() < 0.7;
            var applicable = r.Double() >= 0.002;
            visitSeq[hospitalIndex]++;
            result.Add(new Admission(
                a, member, hospital, $"ZY{Year}{_runId}{visitSeq[hospitalIndex]:D7}", admittedOn, dischargedOn, referred, applicable,
                Diagnoses[r.Int(0, Diagnoses.Length - 1)], Fees(r, (long)Math.Round(costYuan * 100))));
        }

        // Settled in discharge order; the generation order breaks ties, so the order is reproducible.
        return [.. result.OrderBy(x => x.DischargedOn).ThenBy(x => x.Index)];
    }

    /// <summary>Splits a total cost into 2–8 fee lines: class A (some over the price limit), B (self-pay ratio 10 % or 20 %) and C.</summary>
    private static List<FeeLine> Fees(Randomizer r, long totalFen)
    {
        var shareA = 0.55 + (r.Double() * 0.3);
        var shareB = (1 - shareA) * (0.45 + (r.Double() * 0.45));
        var a = (long)(totalFen * shareA);
        var b = (long)(totalFen * shareB);
        var c = totalFen - a - b;
        var fees = new List<FeeLine>();
        var aLines = r.Int(1, 3);
        for (var i = 0; i < aLines; i++)
        {
            var amount = i == aLines - 1 ? a : a / aLines;
            a -= amount;
            var overLimit = r.Double() < 0.08 ? amount / 20 : 0;
            fees.Add(new FeeLine(FeeClass.A, new Money(amount), new Money(overLimit)));
        }

        fees.Add(new FeeLine(FeeClass.B, new Money(b), default, r.Double() < 0.25 ? Rate.FromBasisPoints(2000) : null));
        if (c > 0)
        {
            fees.Add(new FeeLine(FeeClass.C, new Money(c)));
        }

        return fees;
    }

    private static double Normal(Randomizer r)
    {
        // Box–Muller.
        var u1 = 1.0 - r.Double();
        var u2 = r.Double();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
