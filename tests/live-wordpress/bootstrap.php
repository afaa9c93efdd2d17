<?php
// The configuration of the WordPress that tests/import_live.rs starts: Debian's package in
// /usr/share/wordpress, its database the private MariaDB the test starts on a socket, its
// content (uploads) in the test's temporary folder. It stands in for wp-config.php, which in
// Debian's package reads /etc/wordpress/config-HOST.php: nothing is written outside the
// temporary folder. Every value comes from the environment the test sets.
$chapbook_env = function ($name) {
    $value = getenv($name);
    if ($value === false || $value === '') {
        fwrite(STDERR, "bootstrap.php: $name is not set\n");
        exit(2);
    }
    return $value;
};
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:' . $chapbook_env('CHAPBOOK_WP_SOCKET'));
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('ABSPATH', rtrim($chapbook_env('CHAPBOOK_WP_ROOT'), '/') . '/');
define('WP_CONTENT_DIR', $chapbook_env('CHAPBOOK_WP_DIR') . '/wp-content');
define('WP_HOME', $chapbook_env('CHAPBOOK_WP_URL'));
define('WP_SITEURL', $chapbook_env('CHAPBOOK_WP_URL'));
define('WP_CONTENT_URL', WP_HOME . '/wp-content');
// No request leaves the machine: WordPress's own HTTP client may reach the loopback only,
// cron (which sends pingbacks and checks for updates) never runs, nothing updates itself.
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_DEBUG', false);
foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT',
          'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as $key) {
    define($key, 'chapbook-test-only-' . $key);
}
$table_prefix = 'wp_';
