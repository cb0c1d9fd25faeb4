using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nankang.Health.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PolicyInForce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PolicyThroughSeq",
                table: "member_year_accumulators",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PolicyVersion",
                table: "member_year_accumulators",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "policies",
                columns: table => new
                {
                    Version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    StoredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StoredBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_policies", x => x.Version);
                });

            // A stored policy is what voids re-settle under: its text never changes.
            migrationBuilder.Sql(@"CREATE TRIGGER policies_append_only BEFORE UPDATE OR DELETE ON policies FOR EACH ROW EXECUTE FUNCTION nankang_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS policies_append_only ON policies;");

            migrationBuilder.DropTable(
                name: "policies");

            migrationBuilder.DropColumn(
                name: "PolicyThroughSeq",
                table: "member_year_accumulators");

            migrationBuilder.DropColumn(
                name: "PolicyVersion",
                table: "member_year_accumulators");
        }
    }
}
