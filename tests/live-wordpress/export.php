<?php
// Writes the site's WXR export with WordPress's own export_wp() into the file named by the
// first argument (tests/import_live.rs).
require __DIR__ . '/bootstrap.php';
$_SERVER['HTTP_HOST'] = parse_url(WP_HOME, PHP_URL_HOST);
require_once ABSPATH . 'wp-settings.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
ob_start();
export_wp(['content' => 'all']);
file_put_contents($argv[1], ob_get_clean());
