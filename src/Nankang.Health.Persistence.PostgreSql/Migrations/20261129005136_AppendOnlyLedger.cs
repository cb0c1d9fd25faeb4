using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nankang.Health.Persistence.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AppendOnlyLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_audit_log_Action_Seq",
                table: "audit_log",
                columns: new[] { "Action", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_KeyId_Seq",
                table: "audit_log",
                columns: new[] { "KeyId", "Seq" });

            // The ledger is append-only in the database itself, not only in the application.
            migrationBuilder.Sql(@"CREATE OR REPLACE FUNCTION nankang_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;");
            migrationBuilder.Sql(@"CREATE TRIGGER settlements_append_only BEFORE UPDATE OR DELETE ON settlements FOR EACH ROW EXECUTE FUNCTION nankang_append_only();");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION nankang_append_only();");
            migrationBuilder.Sql(@"CREATE TRIGGER voids_append_only BEFORE UPDATE OR DELETE ON voids FOR EACH ROW EXECUTE FUNCTION nankang_append_only();");
            migrationBuilder.Sql(@"CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION nankang_append_only();");
            migrationBuilder.Sql(@"CREATE TRIGGER allowance_entries_append_only BEFORE UPDATE OR DELETE ON allowance_entries FOR EACH ROW EXECUTE FUNCTION nankang_append_only();");
            migrationBuilder.Sql(@"CREATE TRIGGER statement_lines_append_only BEFORE UPDATE OR DELETE ON statement_lines FOR EACH ROW EXECUTE FUNCTION nankang_append_only();");

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS settlements_append_only ON settlements;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS voids_append_only ON voids;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS allowance_entries_append_only ON allowance_entries;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS statement_lines_append_only ON statement_lines;");
            migrationBuilder.Sql(@"DROP FUNCTION IF EXISTS nankang_append_only();");

            migrationBuilder.DropIndex(
                name: "IX_audit_log_Action_Seq",
                table: "audit_log");

            migrationBuilder.DropIndex(
                name: "IX_audit_log_KeyId_Seq",
                table: "audit_log");
        }
    }
}
